"""Search across reviews, recommendations, actions and updates, for
signed-in readers and on the public pages."""
