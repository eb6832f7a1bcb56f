"""Date and number formats Django does not ship: Kazakh, in both scripts (FORMAT_MODULE_PATH)."""
