"""The application factory: wiring only. Domain logic lives in the domain modules."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager, suppress
from typing import Any

from jinja2 import Environment, FileSystemLoader, select_autoescape
from litestar import Litestar
from litestar.config.csrf import CSRFConfig
from litestar.di import Provide
from litestar.middleware import DefineMiddleware
from litestar.openapi import OpenAPIConfig
from litestar.openapi.plugins import RedocRenderPlugin, SwaggerRenderPlugin
from litestar.openapi.spec import Components, SecurityScheme
from litestar.plugins.jinja import JinjaTemplateEngine
from litestar.static_files import create_static_files_router
from litestar.template.config import TemplateConfig

from events import __version__, search
from events.api.achievements import AchievementController
from events.api.audit import audit_log
from events.api.auth import AuthController
from events.api.checkin import CheckinController
from events.api.deals import DealController, FairDealController
from events.api.demands import DemandController
from events.api.enquiries import MyEnquiriesController, enquiry_counts
from events.api.errors import EXCEPTION_HANDLERS
from events.api.fairs import EventController
from events.api.headers import security_headers_middleware
from events.api.health import health
from events.api.imports import export_list, import_list
from events.api.input_guard import InputGuardMiddleware
from events.api.meetings import route_handlers as meeting_routes
from events.api.openapi_errors import ErrorDocumentingJsonPlugin
from events.api.openapi_inputs import ClosedStructSchemaPlugin
from events.api.organizations import OrganizationController
from events.api.registrations import RegistrationController
from events.api.reports import FairExportController, ReportController
from events.api.schedule_runs import ScheduleRunController
from events.api.security import CSRFUnlessHeaderAuth, IdentityMiddleware
from events.api.throttle import ThrottleMiddleware
from events.database import close_pool, start_pool, use_database
from events.instance import instance_secret
from events.pages import audit as audit_pages
from events.pages import auth as auth_pages
from events.pages import catalogue as catalogue_pages
from events.pages import checkin as checkin_pages
from events.pages import console, home, imports, portal, signup
from events.pages import context as page_context
from events.pages import deals as deal_pages
from events.pages import enquiries as enquiry_pages
from events.pages import meetings as meeting_pages
from events.pages import reports as report_pages
from events.pages import scheduling as schedule_pages
from events.settings import FRONTEND_DIR, Settings

API_DESCRIPTION = """\
Transfer Fair runs technology-transfer fairs (科技成果对接会): fairs with a slot grid and tables, the catalogue
of research achievements and enterprise demands, registrations, matchmaking, check-in and deals.

Authenticate scripts and scanner devices with `Authorization: Bearer <token>` (`transferfair token create NAME`).
Every refusal is JSON `{"code": ..., "message": ...}` with a machine code and a message naming the problem.
"""


def template_environment() -> Environment:
    env = Environment(
        loader=FileSystemLoader(FRONTEND_DIR / "templates"),
        autoescape=select_autoescape(["html", "xml"]),
        trim_blocks=True,
        lstrip_blocks=True,
    )
    page_context.install(env)
    return env


def route_handlers() -> list[Any]:
    return [
        health,
        AuthController,
        audit_log,
        EventController,
        OrganizationController,
        AchievementController,
        DemandController,
        RegistrationController,
        home.index,
        home.fair_page,
        home.switch_language,
        auth_pages.login_page,
        auth_pages.login_submit,
        auth_pages.logout_submit,
        console.console_home,
        console.new_fair_form,
        console.new_fair_submit,
        console.fair_overview,
        console.fair_status_submit,
        console.registrations_page,
        console.registrations_decide,
        portal.portal_page,
        portal.my_page,
        signup.signup_form,
        signup.signup_submit,
        signup.signup_done,
        signup.settings_page,
        signup.settings_submit,
        MyEnquiriesController,
        enquiry_counts,
        import_list,
        export_list,
        imports.import_page,
        imports.import_upload,
        imports.import_confirm,
        imports.export_download,
        catalogue_pages.achievements_page,
        catalogue_pages.demands_page,
        catalogue_pages.achievement_page,
        catalogue_pages.demand_page,
        catalogue_pages.achievement_enquiry,
        catalogue_pages.demand_enquiry,
        enquiry_pages.reply_submit,
        enquiry_pages.meeting_request_submit,
        enquiry_pages.enquiries_tab,
        enquiry_pages.matching_tab,
        CheckinController,
        *checkin_pages.route_handlers(),
        *meeting_routes(),
        ScheduleRunController,
        *schedule_pages.route_handlers(),
        *meeting_pages.route_handlers(),
        FairDealController,
        DealController,
        ReportController,
        FairExportController,
        *deal_pages.route_handlers(),
        *report_pages.route_handlers(),
        *audit_pages.route_handlers(),
        create_static_files_router(path="/static", directories=[FRONTEND_DIR / "static"], include_in_schema=False),
    ]


def openapi_config() -> OpenAPIConfig:
    return OpenAPIConfig(
        title="Transfer Fair API",
        version=__version__,
        description=API_DESCRIPTION,
        path="/schema",
        render_plugins=[
            SwaggerRenderPlugin(path="/swagger"),
            RedocRenderPlugin(path="/redoc"),
            ErrorDocumentingJsonPlugin(path="/openapi.json"),
        ],
        components=Components(
            security_schemes={
                "bearer": SecurityScheme(type="http", scheme="bearer", description="API token"),
                "session": SecurityScheme(type="apiKey", name="tf_session", security_scheme_in="cookie"),
                "participant": SecurityScheme(
                    type="apiKey",
                    name="X-Participant-Token",
                    security_scheme_in="header",
                    description="a participant's personal-link token",
                ),
            }
        ),
        security=[{"bearer": []}, {"session": []}],
    )


def create_app(settings: Settings | None = None) -> Litestar:
    settings = settings or Settings.from_env()
    engine = use_database(settings.database_url)
    csrf = CSRFConfig(
        secret=settings.secret_key or "replaced-at-start-up",
        cookie_secure=settings.secure_cookies,
        cookie_samesite="lax",
    )

    @asynccontextmanager
    async def lifespan(app: Litestar) -> AsyncIterator[None]:
        await start_pool(engine)
        if settings.secret_key is None:
            csrf.secret = await instance_secret()
        # semantic vectors of items saved without them (the demo, bulk loads), in the background
        filling = search.start_vector_fill() if settings.fill_vectors else None
        app.state.vector_fill = filling
        try:
            yield
        finally:
            if filling is not None and not filling.done():
                filling.cancel()
                with suppress(asyncio.CancelledError):
                    await filling
            await close_pool(engine)

    return Litestar(
        route_handlers=route_handlers(),
        dependencies={"settings": Provide(lambda: settings, use_cache=True, sync_to_thread=False)},
        middleware=[
            security_headers_middleware(hsts=settings.base_url.startswith("https://")),
            IdentityMiddleware,
            ThrottleMiddleware,
            DefineMiddleware(InputGuardMiddleware, limit=settings.max_body_bytes),
            DefineMiddleware(CSRFUnlessHeaderAuth, config=csrf),
        ],
        exception_handlers=EXCEPTION_HANDLERS,
        template_config=TemplateConfig(engine=JinjaTemplateEngine.from_environment(template_environment())),
        openapi_config=openapi_config(),
        plugins=[ClosedStructSchemaPlugin()],
        lifespan=[lifespan],
        request_max_body_size=settings.max_body_bytes,
        debug=settings.debug,
        signature_namespace={"Settings": Settings},
    )
