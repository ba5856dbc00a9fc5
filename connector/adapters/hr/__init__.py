"""HR targets: one small adapter per system, chosen by ``hr.system``."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from connector.adapters.hr.afas import AfasTarget
from connector.adapters.hr.bamboohr import BambooHrTarget
from connector.adapters.hr.base import HrTarget
from connector.adapters.hr.config import HrConfig, load_hr_mapping
from connector.adapters.hr.hibob import HiBobTarget
from connector.adapters.hr.personio import PersonioTarget
from connector.adapters.hr.webhook import WebhookTarget
from connector.adapters.http import RetryPolicy, VendorHttp

TARGETS: dict[str, type[HrTarget]] = {
    cls.system: cls
    for cls in (BambooHrTarget, PersonioTarget, HiBobTarget, AfasTarget, WebhookTarget)
}


def build_hr_target(
    config: HrConfig,
    *,
    sleep: Callable[[float], None] | None = None,
    policy: RetryPolicy | None = None,
) -> HrTarget | None:
    if config.system is None:
        return None
    cls = TARGETS[config.system]
    opts = cls.http_options(config)
    kwargs: dict[str, Any] = {"policy": policy}
    if sleep is not None:
        kwargs["sleep"] = sleep
    secrets = [s.reveal() for s in config.credentials.values()]
    http = VendorHttp(opts.pop("base_url"), vendor=config.system, secrets=secrets, **opts, **kwargs)
    return cls(config, load_hr_mapping(config.system), http)
