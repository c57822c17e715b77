"""Routing and measuring: legs on the sea, rail and road networks, the border distance, the times."""
