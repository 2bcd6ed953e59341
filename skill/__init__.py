"""Heartline: the conversation domain and the app around it.

The domain modules (content, rounds, state, selection, progress, store) never import flask, ask_sdk or
audio libraries; the fronts (web endpoint, chat, CLI) sit on top of the intent handler layer.
"""

__version__ = "0.1.0"
