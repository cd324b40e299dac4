"""`tracuu telegram --webhook`: one replica behind a load balancer, serving Telegram's POSTs and `/healthz`.

PTB's own `run_webhook` serves only the update path, and a load balancer needs a health check on the same
port, so this module runs the application itself (the "custom webhook bot" way of PTB's examples) on a
tornado server (tornado comes with python-telegram-bot[webhooks]):

    POST /<url path>   an update, checked against the secret token (403 without it), at most
                       [telegram] webhook_max_body_bytes (400 past it), queued for the application → 200
    GET  /healthz      200 "ok" when the index is loaded and the state store answers, else 503

Any replica may get any update, and Telegram redelivers an update it got no 200 for in time, so each update
is claimed in the shared store first and only the replica that claims it answers (bot/telegram_bot/delivery.py).
"""

from __future__ import annotations

import asyncio
import hmac
import json
import logging
import re
import signal
from collections.abc import Awaitable, Callable
from http import HTTPStatus
from typing import Any

import tornado.httpserver
import tornado.web
from telegram import Update
from telegram.ext import Application

from bot.telegram_bot.delivery import INBOX_KEY, Inbox

logger = logging.getLogger("tracuu.telegram")

HEALTH_PATH = "/healthz"
SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"

HealthCheck = Callable[[], Awaitable[bool]]


class UpdateHandler(tornado.web.RequestHandler):
    """Telegram's POST: check the secret token, queue the update, answer 200 at once."""

    SUPPORTED_METHODS = ("POST",)  # type: ignore[assignment]

    def initialize(self, bot_application: Application, secret_token: str) -> None:
        self.bot_application = bot_application
        self.secret_token = secret_token

    async def post(self) -> None:
        # In constant time, so the response time tells a forger nothing about how much of a guess was right.
        given = self.request.headers.get(SECRET_HEADER, "")
        if not hmac.compare_digest(given.encode(), self.secret_token.encode()):
            raise tornado.web.HTTPError(HTTPStatus.FORBIDDEN)
        try:
            data = json.loads(self.request.body)
            update = Update.de_json(data, self.bot_application.bot)
        except (ValueError, TypeError, KeyError, AttributeError):
            logger.warning("Webhook nhận một update không đọc được; bỏ qua")
            raise tornado.web.HTTPError(HTTPStatus.BAD_REQUEST) from None
        if update is not None:
            await self.bot_application.update_queue.put(update)
        self.set_status(HTTPStatus.OK)

    def log_exception(self, *args: Any) -> None:  # a 403/400 is the sender's problem, not a traceback
        logger.debug("Webhook từ chối một request từ %s", self.request.remote_ip)


class HealthHandler(tornado.web.RequestHandler):
    """`GET /healthz` for the load balancer."""

    def initialize(self, check: HealthCheck) -> None:
        self.check = check

    async def get(self) -> None:
        ok = await self.check()
        self.set_status(HTTPStatus.OK if ok else HTTPStatus.SERVICE_UNAVAILABLE)
        self.set_header("Content-Type", "text/plain; charset=utf-8")
        self.write("ok" if ok else "unavailable")

    def log_exception(self, *args: Any) -> None:
        logger.debug("/healthz lỗi", exc_info=True)


def web_app(application: Application, url_path: str, secret_token: str, check: HealthCheck) -> tornado.web.Application:
    path = "/" + url_path.strip("/")
    return tornado.web.Application(
        [
            (HEALTH_PATH, HealthHandler, {"check": check}),
            (re.escape(path), UpdateHandler,
             {"bot_application": application, "secret_token": secret_token}),
        ],
        log_function=lambda handler: None,  # tornado's access log would be one line per update
    )


async def serve_webhook(
    application: Application,
    *,
    listen: str,
    port: int,
    url_path: str,
    webhook_url: str,
    secret_token: str,
    max_body_bytes: int,
    allowed_updates: list[str],
    drop_pending_updates: bool,
    check: HealthCheck,
) -> None:
    """Run `application` behind the webhook server until SIGINT/SIGTERM, with PTB's start and stop order."""
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(sig, stop.set)
    server: tornado.httpserver.HTTPServer | None = None
    await application.initialize()
    try:
        if application.post_init:
            await application.post_init(application)
        # A body past the cap is answered 400 from its Content-Length (or as its chunks pass it), unread.
        server = tornado.httpserver.HTTPServer(
            web_app(application, url_path, secret_token, check), max_body_size=max_body_bytes
        )
        server.listen(port, listen)  # OSError when the port is taken
        await application.bot.set_webhook(
            webhook_url,
            allowed_updates=allowed_updates,
            drop_pending_updates=drop_pending_updates,
            secret_token=secret_token,
        )
        await application.start()
        await stop.wait()
        inbox = application.bot_data.get(INBOX_KEY)
        if isinstance(inbox, Inbox):
            inbox.stopping = True
    finally:
        if server is not None:
            server.stop()
        if application.running:
            await application.stop()
            if application.post_stop:
                await application.post_stop(application)
        await application.shutdown()
        if application.post_shutdown:
            await application.post_shutdown(application)
        for sig in (signal.SIGINT, signal.SIGTERM):
            loop.remove_signal_handler(sig)
