"""Request Tracker: installing the webhook in the helpdesk."""

from __future__ import annotations

import contextlib
import grp
import os
import re
import subprocess
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from connector.adapters.helpdesks.base import InstallStep
from connector.adapters.helpdesks.rt.client import RtClient
from connector.config import LOOPBACK_HOSTS
from connector.domain.messages import Msg
from connector.errors import ConfigError, PermanentVendorError

SCRIP_DESCRIPTION = "Stand-in webhook"
SCRIP_DATAFILE = Path(__file__).resolve().parents[3] / "data" / "rt" / "standin-webhook-scrip.pl"


DROPIN_NAME = "90-standin.pm"


# Global rights the connector's RT user needs (NOTES.md "Rights chosen for standin").
REQUIRED_RIGHTS = (
    "SeeQueue ShowTicket ShowTicketComments ModifyTicket ReassignTicket ReplyToTicket "
    "CommentOnTicket AdminUsers"
)


CommandRunner = Callable[[Sequence[str]], "subprocess.CompletedProcess[str]"]


def run_command(args: Sequence[str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(  # noqa: S603 - fixed argument lists, never a shell
        list(args), capture_output=True, text=True, timeout=120, check=False
    )


def _perl_quote(value: str) -> str:
    """A Perl single-quoted string literal."""
    return "'" + value.replace("\\", "\\\\").replace("'", "\\'") + "'"


class RtInstall(RtClient):
    """Request Tracker: installing the webhook in the helpdesk."""

    def __init__(self, *args: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        # Where `install` looks for a local RT (Debian 12 package paths); tests point elsewhere.
        self.site_dir = Path("/etc/request-tracker5")
        self.setup_database = Path("/usr/sbin/rt-setup-database-5")
        self.rt_lib = Path("/usr/share/request-tracker5/lib")
        self.run_command: CommandRunner = run_command

    # -- install ---------------------------------------------------------------------------
    def _webhook_secret(self) -> str:
        secret = self.config.webhook_secrets[0].reveal()
        if not secret.startswith("whsec_"):
            raise ConfigError(
                f"helpdesks.{self.config.key}.webhook_secrets[0]: the RT scrip signs with "
                "Standard Webhooks: use a secret of the form whsec_<base64 of random bytes>"
            )
        return secret

    def _is_local(self) -> bool:
        """True when the configured RT is on this machine and its config is ours to write."""
        host = urlsplit(self.config.url).hostname or ""
        dropin_dir = self.site_dir / "RT_SiteConfig.d"
        return (
            host in LOOPBACK_HOSTS
            and self.setup_database.is_file()
            and dropin_dir.is_dir()
            and os.access(dropin_dir, os.W_OK)
        )

    def _dropin_text(self, current: str | None, url: str, secret: str) -> str:
        wanted = {
            "StandinWebhookURL": f"Set($StandinWebhookURL, {_perl_quote(url)});",
            "StandinWebhookSecret": f"Set($StandinWebhookSecret, {_perl_quote(secret)});",
        }
        if current is None:
            return (
                "# Written by `standin install`: the Stand-in webhook scrip reads these.\n"
                + "\n".join(wanted.values())
                + "\n1;\n"
            )
        lines = current.splitlines()
        for name, line in wanted.items():
            pattern = re.compile(rf"^\s*Set\(\s*\${name}\s*,")
            idx = [i for i, text in enumerate(lines) if pattern.match(text)]
            if idx:
                lines[idx[0]] = line
                for i in reversed(idx[1:]):
                    del lines[i]
            else:
                end = next(
                    (i for i in range(len(lines) - 1, -1, -1) if lines[i].strip() == "1;"),
                    len(lines),
                )
                lines.insert(end, line)
        if not any(text.strip() == "1;" for text in lines):
            lines.append("1;")
        return "\n".join(lines) + "\n"

    def _write_dropin(self, path: Path, text: str) -> None:
        tmp = path.with_name(path.name + ".standin-tmp")
        tmp.write_text(text, encoding="utf-8")
        os.chmod(tmp, 0o640)  # holds the secret; rt-server (www-data) must read it
        if os.geteuid() == 0:
            with contextlib.suppress(KeyError):  # no www-data group: leave it
                os.chown(tmp, 0, grp.getgrnam("www-data").gr_gid)
        os.replace(tmp, path)

    def _scrip_state(self) -> str:
        """'enabled', 'disabled' or 'missing', asked of RT itself through its Perl API."""
        code = (
            "RT::LoadConfig(); RT::Init(); my $s = RT::Scrip->new(RT->SystemUser);"
            " $s->LoadByCols(Description => $ARGV[0]);"
            ' print $s->id ? ($s->Disabled ? "disabled\\n" : "enabled\\n") : "missing\\n";'
        )
        proc = self.run_command(["perl", f"-I{self.rt_lib}", "-MRT", "-e", code, SCRIP_DESCRIPTION])
        state = (proc.stdout or "").strip().splitlines()[-1:] or [""]
        if proc.returncode != 0 or state[0] not in ("enabled", "disabled", "missing"):
            raise PermanentVendorError(
                Msg(
                    "rt: could not ask RT whether the scrip exists (exit %(code)s): %(output)s",
                    code=proc.returncode,
                    output=" ".join((proc.stderr or "").split())[-300:],
                )
            )
        return state[0]

    def install(self, webhook_url: str, *, dry_run: bool) -> list[InstallStep]:
        """Point RT's webhook scrip at ``webhook_url``; idempotent.

        RT 5.0.3's REST2 cannot create scrips or change RT's configuration, so this works only
        on the RT host itself (configured URL on loopback, Debian paths, root): it updates the
        two settings in ``RT_SiteConfig.d/90-standin.pm`` and loads the scrip with
        ``rt-setup-database-5`` when it is missing. Elsewhere it returns the exact manual steps.
        """
        secret = self._webhook_secret()
        user = self.config.credentials["user"].reveal()
        me = self._user(user)  # the credentials work (401 otherwise)
        steps = [InstallStep("exists", f"RT user {me.get('Name', user)} signs in to REST2")]
        if not self._is_local():
            return steps + self._manual_steps(webhook_url)
        dropin = self.site_dir / "RT_SiteConfig.d" / DROPIN_NAME
        current = dropin.read_text(encoding="utf-8") if dropin.exists() else None
        wanted = self._dropin_text(current, webhook_url, secret)
        changed = current != wanted
        if not changed:
            steps.append(InstallStep("exists", f"{dropin}: webhook URL {webhook_url} and secret"))
        else:
            action = "create" if current is None else "update"
            if not dry_run:
                self._write_dropin(dropin, wanted)
            steps.append(InstallStep(action, f"{dropin}: set webhook URL {webhook_url} and secret"))
        state = self._scrip_state()
        if state == "enabled":
            steps.append(InstallStep("exists", f"global scrip {SCRIP_DESCRIPTION!r}"))
        elif state == "disabled":
            steps.append(
                InstallStep(
                    "manual",
                    f"enable the global scrip {SCRIP_DESCRIPTION!r}: Admin > Global > Scrips",
                )
            )
        else:
            cmd = [
                str(self.setup_database),
                "--action",
                "insert",
                "--skip-create",
                "--datafile",
                str(SCRIP_DATAFILE),
            ]
            if not dry_run:
                proc = self.run_command(cmd)
                if proc.returncode != 0:
                    raise PermanentVendorError(
                        Msg(
                            "rt: %(command)s failed (exit %(code)s): %(output)s",
                            command=" ".join(cmd),
                            code=proc.returncode,
                            output=" ".join((proc.stderr or proc.stdout or "").split())[-300:],
                        )
                    )
            steps.append(
                InstallStep("create", f"global scrip {SCRIP_DESCRIPTION!r}: {' '.join(cmd)}")
            )
        if changed:
            steps.append(
                InstallStep(
                    "manual",
                    "restart RT (its web server or rt-server): RT reads RT_SiteConfig only "
                    "at start, so the new webhook settings apply after a restart",
                )
            )
        steps.append(self._rights_step(user))
        return steps

    def _manual_steps(self, webhook_url: str) -> list[InstallStep]:
        key = self.config.key
        return [
            InstallStep(
                "manual",
                "on the RT host, put these lines in "
                f"{self.site_dir}/RT_SiteConfig.d/{DROPIN_NAME} (owner root, group www-data, "
                f"mode 0640): Set($StandinWebhookURL, {_perl_quote(webhook_url)}); "
                f"Set($StandinWebhookSecret, '<helpdesks.{key}.webhook_secrets[0], whsec_…>'); "
                "1;",
            ),
            InstallStep(
                "manual",
                f"copy {SCRIP_DATAFILE} to the RT host and run, as root, once (RT 5.0.3's "
                "REST2 cannot create scrips): rt-setup-database-5 --action insert --skip-create "
                f"--datafile standin-webhook-scrip.pl — first check under Admin > Global > "
                f"Scrips that {SCRIP_DESCRIPTION!r} does not exist yet (loading twice makes two)",
            ),
            InstallStep("manual", "restart RT so it reads the new settings"),
            self._rights_step(self.config.credentials["user"].reveal()),
        ]

    @staticmethod
    def _rights_step(user: str) -> InstallStep:
        return InstallStep(
            "manual",
            f"check (not verified here) that RT user {user} has the global rights "
            f"{REQUIRED_RIGHTS}, and that the replacement agents have OwnTicket on their queues",
        )
