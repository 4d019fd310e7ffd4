"""The command line: `antivenom scan`, `antivenom eval`, `antivenom rules ...`.

Exit status: 0 nothing at or above --fail-on; 1 something is (an incomplete package counts
like `error` unless --allow-incomplete); 2 usage or run error; 130/143 interrupted by
SIGINT/SIGTERM (a partial report, marked `interrupted`, is still written).
"""

from __future__ import annotations

import contextlib
import signal
import sys
import tempfile
from pathlib import Path

import click

from . import __version__, cli_config
from .archives import Limits
from .cache import default_directory as default_cache_directory
from .engines.semgrep_process import SemgrepError
from .index_client import DEFAULT_INDEX_URL, IndexClient
from .model import Package
from .report import FORMATS, ReportContext, render
from .scanner import Scanner, ScanOptions
from .sources import resolve
from .suppressions import Suppressions
from .trees import remove_tree
from .verdict import VERDICT_ORDER

EXIT_CLEAN, EXIT_FINDINGS, EXIT_ERROR = 0, 1, 2
NOT_SCANNED = "not scanned: the scan was interrupted before this package was read"
_FAIL_ON = ("malicious", "suspicious", "error", "never")
_PROGRESS_MIN_PACKAGES = 4


class _Group(click.Group):
    """click exits 2 on usage errors already; make uncaught run errors exit 2 too, not 1."""

    def invoke(self, ctx: click.Context):
        try:
            with _interruptible():
                return super().invoke(ctx)
        except Interrupted as stop:  # outside a scan's own handling: nothing to report, never exit 1
            click.echo(f"antivenom: interrupted by signal {stop.signum}", err=True)
            ctx.exit(128 + stop.signum)
        except (SemgrepError, OSError, ValueError) as exc:
            click.echo(f"antivenom: error: {exc}", err=True)
            ctx.exit(EXIT_ERROR)


class Interrupted(BaseException):
    """SIGINT or SIGTERM: unwind (temporary trees removed, Semgrep killed), then report what is done.
    A BaseException, like KeyboardInterrupt, so no per-package guard swallows it."""

    def __init__(self, signum: int) -> None:
        super().__init__(signum)
        self.signum = signum


_stopping = False


def _on_signal(signum: int, _frame: object) -> None:
    """The first signal unwinds the scan; later ones are ignored, so the cleanup and the
    partial report are not cut short."""
    global _stopping
    if _stopping:
        return
    _stopping = True
    raise Interrupted(signum)


@contextlib.contextmanager
def _interruptible():
    """SIGINT and SIGTERM raise Interrupted while a command runs (not KeyboardInterrupt, which
    click turns into exit 1: the status of a finding); restored after."""
    global _stopping
    _stopping = False
    try:
        previous = {signum: signal.signal(signum, _on_signal) for signum in (signal.SIGINT, signal.SIGTERM)}
    except ValueError:  # not the main thread: leave signals alone
        yield
        return
    try:
        yield
    finally:
        for signum, handler in previous.items():
            signal.signal(signum, handler)


@click.group(cls=_Group, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="antivenom")
def main() -> None:
    """Catch malicious PyPI packages before anyone installs them. Nothing scanned is ever run."""


def _fails(packages: list[Package], fail_on: str, allow_incomplete: bool = False) -> bool:
    """Verdicts are ordered clean < suspicious < malicious < error: an unreadable package is
    never a pass, since an archive built to break the scanner must not slip through CI. An
    incomplete package (not fully read) counts like `error`, unless `allow_incomplete`."""
    if fail_on == "never":
        return False
    threshold = VERDICT_ORDER.index(fail_on)
    error = VERDICT_ORDER.index("error")
    return any(VERDICT_ORDER.index(p.verdict) >= threshold or (p.incomplete and not allow_incomplete
                                                                and error >= threshold) for p in packages)


def scan_options(jobs: int | None, max_file_mb: float, max_member_mb: float, max_total_mb: float,
                 max_members: int, chunk_size: int, suppressions: Suppressions,
                 no_prefilter: bool = False, no_cache: bool = True) -> ScanOptions:
    mb = 1024 * 1024
    options = ScanOptions(
        chunk_size=chunk_size,
        max_file_bytes=int(max_file_mb * mb),
        limits=Limits(int(max_member_mb * mb), int(max_total_mb * mb), max_members),
        suppressions=suppressions,
        semgrep_prefilter=not no_prefilter,
        cache_dir=None if no_cache else default_cache_directory(),
    )
    if jobs:
        options.jobs = jobs
    return options


def run_scan(targets: list[str], requirement_files: list[Path], index_url: str, options: ScanOptions,
             progress: bool, download_dir: Path | None = None, cluster: str | None = None,
             resume: Path | None = None) -> tuple[list[Package], Scanner]:
    """Resolve, fetch and scan; shared by `scan` and `eval`. On SIGINT/SIGTERM the scan unwinds
    and `scanner.interrupted` names the signal; packages not yet decided are then errors."""
    if cluster:  # Dask is an optional extra: imported only when asked for
        from .cluster import ClusterScanner

        scanner = ClusterScanner(options, cluster, resume)
    else:
        scanner = Scanner(options)
    if options.rule_selection is not None:
        unknown = options.rule_selection.unmatched_selectors(scanner.rules)
        if unknown:
            raise click.UsageError(f"--rules/--exclude-rules: no rule matches {', '.join(map(repr, unknown))} "
                                   "(`antivenom rules list` shows the ids)")
    packages: list[Package] = []
    done: set[int] = set()
    tmp = Path(tempfile.mkdtemp(prefix="antivenom-dl-"))
    try:
        packages = resolve(targets, requirement_files, IndexClient(index_url), download_dir or tmp)
        if progress and len(packages) >= _PROGRESS_MIN_PACKAGES:
            with click.progressbar(length=len(packages), label="scanning", file=sys.stderr) as bar:
                scanner.scan(packages, on_done=lambda p: (done.add(id(p)), bar.update(1)))
        else:
            scanner.scan(packages, on_done=lambda p: done.add(id(p)))
    except (Interrupted, KeyboardInterrupt) as stop:
        scanner.interrupted = stop.signum if isinstance(stop, Interrupted) else signal.SIGINT
        for package in packages:
            if id(package) not in done:
                package.error, package.verdict, package.verdict_reason = NOT_SCANNED, "error", NOT_SCANNED
                package.root = None
                package.bound()
    finally:
        remove_tree(tmp)
    return packages, scanner


_scan_option_decorators = [
    click.option("--jobs", "-j", type=click.IntRange(1),
                 help="Semgrep processes at once, and extraction/YARA threads (default: CPU count)."),
    click.option("--chunk-size", type=click.IntRange(1), default=200, show_default=True,
                 help="Packages extracted and scanned together (memory grows with it)."),
    click.option("--max-file-mb", type=click.FloatRange(0.001), default=20, show_default=True,
                 help="Files larger than this are skipped (and reported as skipped)."),
    click.option("--max-member-mb", type=click.FloatRange(0.001), default=256, show_default=True,
                 help="Archive member cap: a larger member makes the package an error."),
    click.option("--max-total-mb", type=click.FloatRange(0.001), default=1024, show_default=True,
                 help="Total extracted bytes cap per archive."),
    click.option("--max-members", type=click.IntRange(1), default=50_000, show_default=True,
                 help="Member count cap per archive."),
    click.option("--index-url", default=DEFAULT_INDEX_URL, show_default=True,
                 help="Simple-API index for pypi: targets and requirements (a mirror works)."),
    click.option("--quiet", "-q", is_flag=True, help="No progress bar."),
    click.option("--no-prefilter", is_flag=True,
                 help="Give Semgrep every file a rule can read, with every rule (slower; same findings)."),
    click.option("--no-cache", is_flag=True,
                 help="Neither read nor write the per-file result cache (in the user cache directory)."),
]


def scan_parameters(function):
    for decorator in reversed(_scan_option_decorators):
        function = decorator(function)
    return function


@main.command()
@click.argument("targets", nargs=-1)
@click.option("-r", "--requirement", "requirement_files", multiple=True,
              type=click.Path(exists=True, dir_okay=False, path_type=Path),
              help="Scan every requirement of this file (fetched from the index).")
@click.option("--format", "fmt", type=click.Choice(FORMATS), default="text", show_default=True)
@click.option("--output", "-o", type=click.Path(dir_okay=False, writable=True, path_type=Path),
              help="Write the report here instead of standard output.")
@click.option("--fail-on", type=click.Choice(_FAIL_ON), default="malicious", show_default=True,
              help="Exit 1 when a package's verdict reaches this.")
@click.option("--exit-zero", is_flag=True, help="Exit 0 even when --fail-on is reached.")
@click.option("--allow-incomplete", is_flag=True,
              help="Do not fail on packages not fully read (an engine skipped or timed out on a code file).")
@click.option("--ignore-file", type=click.Path(exists=True, dir_okay=False, path_type=Path),
              help="YAML of reviewed findings to suppress: rule, path glob, reason.")
@click.option("--honour-inline-ignores", is_flag=True,
              help="Honour `# nosemgrep` / `# antivenom: ignore[...]` in scanned code (only for code you own).")
@click.option("--cluster", metavar="local:N|tcp://HOST:PORT",
              help="Shard the chunks over Dask: N local worker processes, or a running scheduler "
                   "(needs antivenom[cluster]).")
@click.option("--resume", type=click.Path(dir_okay=False, path_type=Path),
              help="With --cluster: append each finished package to this JSON-lines file, and skip "
                   "the archives already in it (or in a JSON report) on a re-run.")
@click.option("--config", "config_file", type=click.Path(exists=True, dir_okay=False, path_type=Path),
              help="Read [tool.antivenom] from this file (default: ./pyproject.toml). Flags override it.")
@click.option("--rules", "rule_ids", multiple=True, metavar="IDS",
              help="Only these rules: ids or globs, comma-separated or repeated (e.g. 'exec-*').")
@click.option("--exclude-rules", "excluded_ids", multiple=True, metavar="IDS",
              help="Never these rules: ids or globs, comma-separated or repeated.")
@click.option("--color", "color", type=click.Choice(("auto", "always", "never")), default="auto",
              show_default=True, help="Colour the text report; auto: on a terminal unless NO_COLOR is set.")
@click.option("--verbose", "-v", is_flag=True, help="Show INFO-severity and LOW-confidence findings in text.")
@scan_parameters
@click.pass_context
def scan(ctx: click.Context, targets: tuple[str, ...], requirement_files: tuple[Path, ...], fmt: str,
         output: Path | None, fail_on: str, exit_zero: bool, allow_incomplete: bool, ignore_file: Path | None,
         honour_inline_ignores: bool, cluster: str | None, resume: Path | None,
         config_file: Path | None, rule_ids: tuple[str, ...], excluded_ids: tuple[str, ...], color: str,
         verbose: bool, jobs: int | None, chunk_size: int, max_file_mb: float, max_member_mb: float,
         max_total_mb: float, max_members: int, index_url: str, quiet: bool, no_prefilter: bool,
         no_cache: bool) -> None:
    """Scan TARGETS: directories, archives (.tar.gz .zip .whl .egg), folders of archives,
    lone code files (.py .pth), pypi:NAME[==VERSION], requirements files (.txt/.in, or -r FILE) and dependency files
    (uv.lock, poetry.lock, Pipfile.lock, pylock.toml, pyproject.toml; or -r FILE): every
    dependency is fetched from the index (or a lock's recorded URL, its hash checked) and scanned."""
    if not targets and not requirement_files:
        raise click.UsageError("name at least one TARGET or -r REQUIREMENTS")
    settings = cli_config.resolve(ctx, config_file, fail_on=fail_on, ignore_file=ignore_file,
                                  index_url=index_url, rules=rule_ids, exclude_rules=excluded_ids)
    suppressions = (Suppressions.load(settings.ignore_file, honour_inline_ignores) if settings.ignore_file
                    else Suppressions(honour_inline=honour_inline_ignores))
    options = scan_options(jobs, max_file_mb, max_member_mb, max_total_mb, max_members, chunk_size, suppressions,
                           no_prefilter, no_cache)
    options.rule_selection = settings.selection
    progress = not quiet and sys.stderr.isatty()
    if resume and not cluster:
        raise click.UsageError("--resume needs --cluster")
    packages, scanner = run_scan(list(targets), list(requirement_files), settings.index_url, options, progress,
                                 cluster=cluster, resume=resume)
    interrupted = getattr(scanner, "interrupted", None)
    coloured = cli_config.use_color(color, output is None and sys.stdout.isatty())
    rules = {k: v for k, v in scanner.rules.items() if settings.selection is None or settings.selection.selects(k)}
    context = ReportContext(rules=rules, color=coloured, interrupted=interrupted is not None, verbose=verbose)
    text = render(packages, fmt, context)
    if output:
        output.write_text(text, encoding="utf-8")
    else:
        click.echo(text, nl=False, color=coloured)
    if interrupted is not None:
        sys.exit(128 + interrupted)  # 130 / 143: never 1, the status of a finding
    sys.exit(EXIT_FINDINGS if _fails(packages, settings.fail_on, allow_incomplete) and not exit_zero
             else EXIT_CLEAN)


@main.command(name="eval")
@click.argument("labelled", type=click.Path(exists=True, file_okay=False, path_type=Path))
@click.option("--format", "fmt", type=click.Choice(("text", "json")), default="text", show_default=True)
@click.option("--output", "-o", type=click.Path(dir_okay=False, writable=True, path_type=Path))
@click.option("--min-recall", type=click.FloatRange(0, 1), default=None,
              help="Exit 1 when recall per malicious package name falls under this floor.")
@click.option("--max-fp-rate", type=click.FloatRange(0, 1), default=None,
              help="Exit 1 when the share of clean package names reported malicious exceeds this.")
@click.option("--strict", is_flag=True, help="Exit 1 on any difference from the labels.")
@click.option("--report", "report_path", type=click.Path(dir_okay=False, writable=True, path_type=Path),
              help="Also write the full JSON scan report (every finding) here, to see why a sample was missed.")
@scan_parameters
def evaluate_command(labelled: Path, fmt: str, output: Path | None, min_recall: float | None,
                     max_fp_rate: float | None, strict: bool, report_path: Path | None,
                     jobs: int | None, chunk_size: int,
                     max_file_mb: float, max_member_mb: float, max_total_mb: float, max_members: int,
                     index_url: str, quiet: bool, no_prefilter: bool, no_cache: bool) -> None:
    """Measure the pack on LABELLED: a corpus (labels.yaml) or an archive dataset (index.jsonl).

    Prints precision and recall per category (verdict, behaviour, technique, vector),
    the verdict confusion, and detection per package name."""
    import json

    from .evaluation import evaluate, load_labels, render_text

    samples = load_labels(labelled)
    options = scan_options(jobs, max_file_mb, max_member_mb, max_total_mb, max_members, chunk_size, Suppressions(),
                           no_prefilter, no_cache)
    packages, scanner = run_scan([str(s.target) for s in samples], [], index_url, options,
                                 progress=not quiet and sys.stderr.isatty())
    interrupted = getattr(scanner, "interrupted", None)
    if interrupted is not None:
        click.echo("antivenom: interrupted: no evaluation of a partial scan", err=True)
        sys.exit(128 + interrupted)
    if report_path:
        report_path.write_text(render(packages, "json"), encoding="utf-8")
    by_target: dict[str, list[Package]] = {}
    for package in packages:
        by_target.setdefault(package.target, []).append(package)
    result = evaluate(samples, {s.key: by_target.get(str(s.target), []) for s in samples})
    text = json.dumps(result, indent=2) + "\n" if fmt == "json" else render_text(result)
    if output:
        output.write_text(text, encoding="utf-8")
    else:
        click.echo(text, nl=False)
    per_name = result["per_name"]
    failed = strict and bool(result["failures"])
    if min_recall is not None and per_name["recall"] is not None and per_name["recall"] < min_recall:
        click.echo(f"recall per name {per_name['recall']:.3f} is under the floor {min_recall}", err=True)
        failed = True
    if max_fp_rate is not None and per_name["clean_names"]:
        rate = per_name["false_positive_names"] / per_name["clean_names"]
        if rate > max_fp_rate:
            click.echo(f"false-positive rate per name {rate:.3f} is over {max_fp_rate}", err=True)
            failed = True
    sys.exit(EXIT_FINDINGS if failed else EXIT_CLEAN)


@main.group()
def rules() -> None:
    """List, validate and test the rule packs."""


@rules.command(name="path")
def rules_path() -> None:
    """Print the folder holding semgrep/ and yara/ (for `semgrep --config`)."""
    from .rule_metadata import rules_root

    click.echo(str(rules_root()))


@rules.command(name="list")
@click.option("--format", "fmt", type=click.Choice(("text", "json")), default="text", show_default=True)
def rules_list(fmt: str) -> None:
    """A table of every rule: id, engine, behaviours, techniques, severity, confidence."""
    import json

    from .rule_management import all_rules
    from .rule_metadata import semgrep_dir, yara_dir

    found = all_rules(semgrep_dir(), yara_dir())
    if fmt == "json":
        click.echo(json.dumps([{"id": r.rule_id, "engine": r.engine, "behaviours": list(r.behaviours),
                                "techniques": list(r.techniques), "severity": r.severity,
                                "confidence": r.confidence, "description": r.description} for r in found],
                              indent=2))
        return
    rows = [("id", "engine", "behaviours", "techniques", "severity", "confidence")]
    rows += [(r.rule_id, r.engine, ",".join(r.behaviours), ",".join(r.techniques) or "-", r.severity, r.confidence)
             for r in found]
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
    for row in rows:
        click.echo("  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True)).rstrip())
    click.echo(f"{len(found)} rules")


@rules.command(name="validate")
@click.option("--semgrep-dir", type=click.Path(exists=True, file_okay=False, path_type=Path))
@click.option("--yara-dir", type=click.Path(exists=True, file_okay=False, path_type=Path))
def rules_validate(semgrep_dir: Path | None, yara_dir: Path | None) -> None:
    """Check every rule: metadata schema, Semgrep parse (offline), YARA compile without warnings."""
    from . import rule_metadata as rule_paths
    from .rule_management import validate

    problems = validate(semgrep_dir or rule_paths.semgrep_dir(), yara_dir or rule_paths.yara_dir())
    for problem in problems:
        click.echo(str(problem), err=True)
    click.echo(f"{len(problems)} problem(s)")
    sys.exit(EXIT_FINDINGS if problems else EXIT_CLEAN)


@rules.command(name="test")
@click.option("--yara-tests", type=click.Path(file_okay=False, path_type=Path),
              help="YARA fixture tests (default: tests/yara of a source checkout).")
def rules_test(yara_tests: Path | None) -> None:
    """Run `semgrep --test` over the Semgrep pack and the YARA fixture tests."""
    from .rule_management import NO_TESTS_MESSAGE, has_rule_tests, run_tests
    from .rule_metadata import semgrep_dir

    if not has_rule_tests(semgrep_dir()):
        click.echo(NO_TESTS_MESSAGE, err=True)
        sys.exit(EXIT_ERROR)
    default = Path(__file__).resolve().parents[2] / "tests" / "yara"
    sys.exit(run_tests(semgrep_dir(), yara_tests or (default if default.is_dir() else None)))


from .watch import watch_command  # noqa: E402  (the command lives with its loop)

main.add_command(watch_command)
