"""Writes that reach across domains when a relationship changes hands or ends.

An owner transfer, a staff member leaving and a customer leaving each move or settle
what other domains hold (promises, requests, subscriptions) and tell the customer
(interactions.notices). They live here, above those domains, so that relationships
stays below interactions, promises and commerce and the domains form one order.
"""
