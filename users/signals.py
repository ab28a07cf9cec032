"""Signals the users app sends for the apps above it, which it may not import.

They announce facts; they carry no business logic. A receiver that reacts (the HR
reports retiring a cached page, say) lives in the app that owns the reaction.
"""

from django.dispatch import Signal

#: Sent inside the transaction that accepts an invitation, with ``user``.
invitation_accepted = Signal()
