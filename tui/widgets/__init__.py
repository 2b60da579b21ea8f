"""Reusable widgets: the virtual timeline list, the year ruler, the detail pane and quote cards."""
