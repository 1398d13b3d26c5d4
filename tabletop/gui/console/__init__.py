"""The facilitator console: the library and sessions page, the run view, the debrief view."""
