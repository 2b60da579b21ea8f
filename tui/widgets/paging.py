"""The keys that page, one definition for every screen that scrolls: PageUp and PageDown, and
less's and vim's beside them, what a reader's hands already know."""

PAGE_DOWN = "space,ctrl+f,ctrl+d"
PAGE_UP = "b,ctrl+b,ctrl+u"
