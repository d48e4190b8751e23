"""The verbs that look after the vault file: init, demo, check, backup, backups, restore,
passwd.

Everything that can be checked without a passphrase (the file exists, the name is free,
the backup is there) is checked before anyone is asked to type one.
"""

from __future__ import annotations

import argparse
import shlex
import sys
from collections.abc import Sequence
from datetime import UTC
from pathlib import Path

from itscm_desktop.cli.errors import CommandProblem, Exit, InvalidInput, UsageProblem
from itscm_desktop.cli.output import format_size, one_line, print_json, print_table, warn
from itscm_desktop.cli.passphrase import current_passphrase, new_passphrase, on_terminal, unlock
from itscm_desktop.cli.sync import exchange_secret
from itscm_desktop.domain.entities import PLAN, REGISTRY
from itscm_desktop.domain.validation import Problem, ValidationError, clean_changes
from itscm_desktop.sync.bundle import BundleRejected
from itscm_desktop.sync.exchange import join_from_bundle
from itscm_desktop.vault.backups import (
    BackupInfo,
    BackupReason,
    backup_folder,
    list_backups,
    restore_backup,
)
from itscm_desktop.vault.errors import VaultExists, VaultMissing
from itscm_desktop.vault.keychain import (
    forget_passphrase,
    keychain_status,
    recall_passphrase,
    remember_passphrase,
)
from itscm_desktop.vault.vault import Vault, clean_device_name

#: How many backups an error message offers; `itscm backups` lists them all.
BACKUPS_OFFERED = 3
#: Integrity problems can quote pages of driver output; each is cut to one line.
PROBLEMS_SHOWN = 10
PROBLEM_WIDTH = 160

REASON_TEXT = {
    BackupReason.MANUAL: "made on request",
    BackupReason.AUTO: "automatic",
    BackupReason.PRE_MIGRATION: "before a program update",
    BackupReason.PRE_RESTORE: "before a restore",
    BackupReason.PRE_REKEY: "before a passphrase change",
}


def backup_time(info: BackupInfo) -> str:
    return info.created_at.astimezone(UTC).strftime("%Y-%m-%d %H:%M UTC")


def restore_hint(vault: Path, backups: Sequence[BackupInfo]) -> list[str]:
    """Lines telling a person how to get back to a good copy, newest backups first."""
    if not backups:
        return [f"No backups of {vault.name} were found in {backup_folder(vault)}."]
    lines = [f"Restore from a backup: itscm restore {shlex.quote(str(vault))} BACKUP"]
    lines.append(f"Newest backups (all of them: itscm backups {shlex.quote(str(vault))}):")
    lines += [f"  {backup_time(info)}  {info.path}" for info in backups[:BACKUPS_OFFERED]]
    return lines


# --- A new vault -----------------------------------------------------------------------


def _refuse_existing(path: Path) -> None:
    if path.exists():
        raise VaultExists(
            f"{path} already exists — choose another name for the new vault.", path=path
        )
    if not path.parent.is_dir():
        raise VaultMissing(f"The folder {path.parent} does not exist.", path=path)


def _organisation(given: str | None) -> str:
    if given is not None:
        return given
    if not on_terminal():
        raise UsageProblem("Give the organisation's name with --organisation NAME.")
    try:
        return input("Organisation name: ")
    except EOFError:
        raise UsageProblem("Give the organisation's name with --organisation NAME.") from None


def cmd_init(args: argparse.Namespace) -> int:
    _refuse_existing(args.vault)
    laptop = _laptop_name(args.laptop_name)  # refused before a passphrase is asked for
    if args.from_bundle is not None:
        return _join(args, laptop)
    organisation = _organisation(args.organisation)
    # Checked before the file exists: a refused plan must not leave an empty vault behind.
    plan, problems = clean_changes(
        PLAN, {"organisation": organisation, "phone_region": args.phone_region}, phone_region="GB"
    )
    if not problems and not plan.get("organisation"):
        problems.append(Problem("organisation", "is required."))
    if problems:
        raise ValidationError(PLAN, problems)
    passphrase = new_passphrase(
        args.passphrase_file, args.vault, option="--passphrase-file", use_env=True
    )
    with Vault.create(
        args.vault,
        passphrase,
        organisation=str(plan["organisation"]),
        phone_region=str(plan.get("phone_region") or "GB"),
        device_name=laptop,
    ):
        pass
    print(f"Created the vault {args.vault} for {plan['organisation']}.")
    print("Keep the passphrase safe: without it nobody can open the vault, not even you.")
    return Exit.OK


def _laptop_name(given: str | None) -> str | None:
    """`--laptop-name` as a laptop name is kept (one line, spaces tidied), or None."""
    if given is None:
        return None
    try:
        return clean_device_name(given)
    except ValueError as problem:
        raise InvalidInput(f"--laptop-name: {problem}") from problem


def _join(args: argparse.Namespace, laptop: str | None) -> int:
    """``init --from-bundle``: a new laptop's copy of a plan another laptop exported."""
    if args.organisation:
        raise UsageProblem("A plan joined from a bundle keeps its organisation; leave out "
                           "--organisation.")  # fmt: skip
    try:
        data = args.from_bundle.read_bytes()
    except OSError as failed:
        raise InvalidInput(f"The bundle {args.from_bundle} cannot be read.") from failed
    exchange = exchange_secret(None, args.exchange_passphrase_file)
    if not exchange:
        raise UsageProblem(
            "Give the team's exchange passphrase with --exchange-passphrase-file FILE."
        )
    passphrase = new_passphrase(
        args.passphrase_file, args.vault, option="--passphrase-file", use_env=True
    )
    try:
        vault, report = join_from_bundle(args.vault, passphrase, data, exchange, device_name=laptop)
    except BundleRejected as refused:
        raise InvalidInput(str(refused), "No vault was made.") from refused
    with vault:
        organisation = vault.plan().get("organisation")
        print(
            f"Joined the plan of {organisation} from “{report.manifest.device_name}”: "
            f"{report.new_changes} changes, {len(report.new_conflicts)} conflicts."
        )
        print(f"This laptop is “{vault.device_name}” in the plan's bundle register.")
    print("Keep the passphrase safe: without it nobody can open the vault, not even you.")
    return Exit.OK


def cmd_demo(args: argparse.Namespace) -> int:
    from itscm_desktop.demo import Size, create_demo_vault  # only needed here, and heavy

    _refuse_existing(args.vault)
    passphrase = new_passphrase(
        args.passphrase_file, args.vault, option="--passphrase-file", use_env=True
    )
    size: Size = "large" if args.size == "large" else "demo"
    print(f"Building the {size} organisation (seed {args.seed})…", file=sys.stderr)
    counts = create_demo_vault(args.vault, passphrase, size=size, seed=args.seed)
    print(f"Created the demo vault {args.vault}:")
    rows = [[e.plural, str(counts[e.table])] for e in REGISTRY if counts.get(e.table)]
    rows.append(["Total", str(sum(counts.values()))])
    print_table(["Records", "Count"], rows, right=[1])
    return Exit.OK


# --- Checking and backups --------------------------------------------------------------


def cmd_check(args: argparse.Namespace) -> int:
    with unlock(args.vault, args.passphrase_file) as vault:
        report = vault.check()
    if report.ok:
        print(f"{args.vault} is intact: every page matches its checksum, the structure is sound.")
        return Exit.OK
    warn(f"{args.vault} is damaged:")
    for problem in report.problems[:PROBLEMS_SHOWN]:
        warn("  " + one_line(problem, width=PROBLEM_WIDTH))
    hidden = len(report.problems) - PROBLEMS_SHOWN
    if hidden > 0:
        warn(f"  … and {hidden} more problem{'' if hidden == 1 else 's'}.")
    for line in restore_hint(args.vault, list_backups(args.vault)):
        warn(line)
    return Exit.DAMAGED


def cmd_backup(args: argparse.Namespace) -> int:
    with unlock(args.vault, args.passphrase_file) as vault:
        info = vault.backup()
    print(f"Backup written: {info.path} ({format_size(info.size)}).")
    print("It opens with the vault's current passphrase.")
    return Exit.OK


def _backup_json(info: BackupInfo) -> dict[str, object]:
    return {
        "created_at": info.created_at.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
        "path": str(info.path),
        "reason": info.reason.value,
        "sequence": info.sequence,
        "size": info.size,
    }


def cmd_backups(args: argparse.Namespace) -> int:
    backups = list_backups(args.vault)
    folder = backup_folder(args.vault)
    if args.json:
        print_json(
            {
                "backups": [_backup_json(info) for info in backups],
                "folder": str(folder),
                "vault": str(args.vault),
            }
        )
        return Exit.OK
    if not backups:
        print(f"No backups of {args.vault.name} in {folder}.")
        print(f"Make one with: itscm backup {shlex.quote(str(args.vault))}")
        return Exit.OK
    rows = [
        [backup_time(info), REASON_TEXT[info.reason], format_size(info.size), info.path.name]
        for info in backups
    ]
    print(f"Backups of {args.vault.name} in {folder}, newest first:")
    print_table(["Made", "Why", "Size", "File"], rows, right=[2])
    return Exit.OK


def _backup_path(vault: Path, given: Path) -> Path:
    """The backup a person named: a path, or a file name in the vault's backup folder."""
    if given.is_file():
        return given
    in_folder = backup_folder(vault) / given.name
    if given.parent == Path(".") and in_folder.is_file():
        return in_folder
    raise InvalidInput(
        f"No backup file was found at {given}.",
        f"List the backups with: itscm backups {shlex.quote(str(vault))}",
    )


def cmd_restore(args: argparse.Namespace) -> int:
    backup = _backup_path(args.vault, args.backup)
    if args.vault.exists() and args.vault.resolve() == backup.resolve():
        raise InvalidInput("That is the vault itself, not a backup of it.")
    passphrase = current_passphrase(args.passphrase_file, backup)
    replaced = restore_backup(args.vault, backup, passphrase)
    print(f"Restored {args.vault} from {backup.name}.")
    if replaced is None:
        print("There was no vault file to replace.")
    else:
        print(f"The file it replaced is kept as {replaced}.")
    print("The restored vault opens with the passphrase you just typed.")
    return Exit.OK


def cmd_passwd(args: argparse.Namespace) -> int:
    if not args.vault.exists():
        raise VaultMissing(f"No vault file was found at {args.vault}.", path=args.vault)
    old = current_passphrase(args.passphrase_file, args.vault)
    with Vault.open(args.vault, old) as vault:
        new = new_passphrase(
            args.new_passphrase_file, args.vault, option="--new-passphrase-file", use_env=False
        )
        if new == old:
            raise InvalidInput("The new passphrase is the same as the current one.")
        info = vault.change_passphrase(old, new)
    print("Passphrase changed: use the new one from now on.")
    if recall_passphrase(args.vault) is not None:
        kept = remember_passphrase(args.vault, new)
        if kept.ok:
            print("This computer now remembers the new passphrase.")
        else:
            forget_passphrase(args.vault)
            print(f"This computer no longer remembers the passphrase: {kept.reason}")
    print(f"Backups made before now still open with the old one, such as {info.path.name}.")
    return Exit.OK


def cmd_remember(args: argparse.Namespace) -> int:
    """Keep the passphrase in this computer's keychain — only after it opened the vault."""
    status = keychain_status()
    if not status.available:
        raise CommandProblem(status.description)
    passphrase = current_passphrase(args.passphrase_file, args.vault)
    Vault.open(args.vault, passphrase).close()  # only a passphrase that works is kept
    result = remember_passphrase(args.vault, passphrase)
    if not result.ok:
        raise CommandProblem(result.reason)
    print(f"This computer remembers the passphrase of {args.vault.name}.")
    print("Keep your own copy too: the keychain is a convenience, not a backup.")
    return Exit.OK


def cmd_forget(args: argparse.Namespace) -> int:
    had = recall_passphrase(args.vault) is not None
    if not forget_passphrase(args.vault):
        raise CommandProblem("The keychain did not let go of the passphrase: unlock it and retry.")
    name = args.vault.name
    print(
        f"This computer no longer remembers the passphrase of {name}."
        if had
        else f"This computer did not remember the passphrase of {name}."
    )
    return Exit.OK
