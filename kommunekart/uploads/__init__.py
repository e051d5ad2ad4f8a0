"""A user's own register: checked off the request workers, stored, kept in memory."""
