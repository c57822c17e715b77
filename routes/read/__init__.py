"""Reading an article: its text and language, the places it names, the journey and figures it gives."""
