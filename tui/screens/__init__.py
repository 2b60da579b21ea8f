"""The app's screens: the timeline, one event, one source, and the key help."""
