"""The public pages: for anyone, once SCRUTINY_PUBLIC_PAGES is on."""
