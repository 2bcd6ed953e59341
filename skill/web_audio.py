"""``GET /audio/<id>.mp3``: the rendered phase tracks Alexa's AudioPlayer fetches.

Tracks are content-addressed and never change, so they are cacheable for a year; byte ranges are served
(206) because players seek and resume; only well-formed ids are looked up, so a URL cannot reach a file
outside the track folder.
"""

from __future__ import annotations

from pathlib import Path
from typing import Protocol

from flask import Flask, Response, abort, request, send_file

CACHE_SECONDS = 365 * 24 * 3600


class TrackFiles(Protocol):
    def file_for(self, track_id: str, wait: float = 30.0, sealed: str = "") -> Path | None: ...


def register_audio_routes(app: Flask, tracks: TrackFiles) -> None:
    @app.get("/audio/<track_id>.mp3")
    def audio_track(track_id: str) -> Response:
        path = tracks.file_for(track_id, sealed=request.args.get("d", ""))
        if path is None:
            abort(404, description="no such track (or it was deleted with its household's data)")
        response = send_file(path, mimetype="audio/mpeg", conditional=True, etag=True, max_age=CACHE_SECONDS)
        response.headers["Cache-Control"] = f"public, max-age={CACHE_SECONDS}, immutable"
        response.headers["Accept-Ranges"] = "bytes"
        return response
