"""Showing an analysis: the interactive map, the highlighted text, the story, images and data files."""
