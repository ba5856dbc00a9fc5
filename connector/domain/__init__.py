"""Pure domain: periods, rules and canonical events. No I/O here; the clock is passed in."""
