"""A property-based fuzzer over the whole OpenAPI schema (schemathesis), against a real server on the test
database: no answer is a server error, and every answer whose status the schema documents matches the schema.

Every operation is fuzzed twice with a fixed seed and a small budget: once with valid inputs (by the schema) and
the path parameters of real objects (a fair, its registrations, a deal, an achievement...), so the handlers go
deep; once with invalid inputs everywhere. Scripts are organizers with a bearer token; ``/api/me`` operations
carry a participant's personal-link token instead. Failures of all operations are listed together.
"""

from __future__ import annotations

import os
import time
from pathlib import Path
from typing import Any

import hypothesis
import hypothesis.errors
import schemathesis
from hypothesis import HealthCheck, Phase, settings
from schemathesis import GenerationMode

from events.accounts import create_api_token
from tests.deals_support import make_deal, make_meeting
from tests.factories import make_achievement, make_demand, make_fair, make_registration, make_user
from tests.security.server import start_server

EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES", "6"))
SEED = 20261126


async def _objects() -> dict[str, Any]:
    """A fair with real objects, so that valid cases reach past the 404s."""
    await make_user(username="fuzzer", role="organizer")
    fair = await make_fair(tables=3)
    team = await make_registration(event_id=fair.id, role="team")
    enterprise = await make_registration(event_id=fair.id, role="enterprise")
    meeting = await make_meeting(event_id=fair.id, team=team, enterprise=enterprise)
    achievement = await make_achievement(organization_id=team.organization)
    demand = await make_demand(organization_id=enterprise.organization)
    deal = await make_deal(event_id=fair.id)
    return {
        "token": await create_api_token(username="fuzzer", name="fuzz"),
        "participant": str(enterprise.portal_token),
        "path": {
            "event_id": fair.id,
            "registration_id": enterprise.id,
            "meeting_id": meeting.id,
            "achievement_id": achievement.id,
            "demand_id": demand.id,
            "deal_id": deal.id,
            "organization_id": enterprise.organization,
        },
    }


def _fuzz(operation: Any, *, base: str, headers: dict[str, str], mode: GenerationMode, path: dict[str, Any]) -> str:
    """Fuzz one operation; a description of its first failure, or ''."""
    names = {p.name for p in operation.path_parameters}
    strategy = operation.as_strategy(
        generation_mode=mode, path_parameters={k: v for k, v in path.items() if k in names} or None
    )
    checks = [schemathesis.checks.not_a_server_error, schemathesis.checks.response_schema_conformance]

    @settings(
        max_examples=EXAMPLES,
        derandomize=True,
        database=None,
        deadline=None,
        phases=[Phase.explicit, Phase.generate],
        suppress_health_check=list(HealthCheck),
        print_blob=False,
    )
    @hypothesis.seed(SEED)
    @hypothesis.given(case=strategy)
    def run(case: Any) -> None:
        case.call_and_validate(base_url=base, headers=headers, checks=checks, timeout=60)

    try:
        run()
    except hypothesis.errors.Unsatisfiable:
        return ""  # no invalid value exists for this operation's inputs (e.g. a free-text path segment)
    except (Exception, BaseExceptionGroup) as problem:  # every failure is reported, with the operation named
        return f"{operation.label} [{mode.value}]: {str(problem).strip()[:1500]}"
    return ""


async def test_the_api_fuzzer_finds_no_server_error_and_no_schema_violation(
    database_url: str, transferfair_command: list[str], tmp_path: Path
) -> None:
    objects = await _objects()
    server = start_server(transferfair_command, database_url=database_url, log=tmp_path / "server.log")
    try:
        schema = schemathesis.openapi.from_url(f"{server.base}/schema/openapi.json")
        operations = [result.ok() for result in schema.get_all_operations()]
        assert len(operations) > 90
        failures = []
        started = time.monotonic()
        for operation in operations:
            participant = operation.path.startswith("/api/me")
            headers = (
                {"X-Participant-Token": objects["participant"]}
                if participant
                else {"Authorization": f"Bearer {objects['token']}"}
            )
            for mode, path in ((GenerationMode.POSITIVE, objects["path"]), (GenerationMode.NEGATIVE, {})):
                failure = _fuzz(operation, base=server.base, headers=headers, mode=mode, path=path)
                if failure:
                    failures.append(failure)
        print(f"fuzzed {len(operations)} operations in {time.monotonic() - started:.0f} s")
    finally:
        server.stop()
    errors = [line for line in server.output().splitlines() if "Error" in line or "error on" in line]
    assert not failures, "\n\n".join(failures) + "\n\nserver errors:\n" + "\n".join(errors[-40:])
