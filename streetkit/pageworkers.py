"""Site pages rendered by forked worker processes, for one big street on several cores.

Templates are pure Python and hold the GIL, so threads cannot share the work; processes can. The
workers are forked after planning, so each starts with the loaded street, the Jinja environments
and the planned pages already in memory (nothing is pickled but each page's finished HTML coming
back). They run the `page_context` hooks and the template; the build process keeps everything with
an effect — `post_render` hooks, writing files, progress — in page order, exactly as without
workers. Hence the rule for plugins: `page_context` returns values and changes nothing
(docs/plugins.md). Warnings a template raises in a worker are passed back with its page.

The pages are cut into chunks dealt out in turn (worker k renders chunks k, k + jobs, …), and each
worker sends its chunks down a pipe of its own, which the build process reads in page order. No
pool: `multiprocessing.Pool` hands results over through a thread of the build process, and that
thread and the one writing pages took turns at the GIL — a 1,000-merchant build spent a fifth of
its time on that.
"""
from __future__ import annotations

import multiprocessing
import os
import signal
import sys
import traceback
from collections.abc import Callable, Generator
from multiprocessing.connection import Connection

from .artifacts import Page
from .errors import BuildError, StreetkitError
from .i18n import _
from .street import Street

#: Fewer pages than this are rendered in the build process: forking costs more than it saves.
MIN_PAGES = 300
#: Pages a worker renders before it sends them (fewer messages; small enough to keep every core busy).
CHUNK = 32
#: The pipe a worker sends through can hold this much, so it rarely waits for the build process.
PIPE_BYTES = 1 << 20


def available() -> bool:
    """Forking is how the workers get the planned build for free: Linux only (macOS forks
    unreliably with its system frameworks; Windows cannot)."""
    return sys.platform.startswith("linux") and "fork" in multiprocessing.get_all_start_methods()


def rendered_pages(render: Callable[[Page], str], pages: list[Page], jobs: int, street: Street) -> Generator[str]:
    """Each page's HTML, in order, rendered by `jobs` forked processes; warnings raised while
    rendering reach `street`. A page that fails raises its error here, as in the build process."""
    chunks = [range(start, min(start + CHUNK, len(pages))) for start in range(0, len(pages), CHUNK)]
    fork = multiprocessing.get_context("fork")
    workers: list[tuple[multiprocessing.context.ForkProcess, Connection]] = []
    try:
        count = min(jobs, len(chunks))
        for k in range(count):
            receiver, sender = fork.Pipe(duplex=False)
            worker = fork.Process(target=_work, args=(render, pages, street, chunks[k::count], sender), daemon=True)
            worker.start()
            sender.close()  # the worker's copy is the one that writes
            _widen(receiver)
            workers.append((worker, receiver))
        for n in range(len(chunks)):
            worker, receiver = workers[n % count]
            try:
                message = receiver.recv()
            except EOFError:
                worker.join(5)
                raise BuildError(_("a page worker stopped unexpectedly (exit code {code})", code=worker.exitcode)) from None
            if isinstance(message, BaseException):
                raise message
            for ok, html, new_warnings in message:
                for warning in new_warnings:
                    street.warn(warning)
                if not ok:
                    raise BuildError(html)
                yield html
    finally:
        for worker, receiver in workers:
            receiver.close()
            if worker.is_alive():
                worker.terminate()  # a failed or interrupted build: the rest of its pages are not wanted
            worker.join()


def _widen(connection: Connection) -> None:
    """A bigger pipe buffer, where Linux allows it: a worker then seldom waits for the reader."""
    try:
        import fcntl

        fcntl.fcntl(connection.fileno(), fcntl.F_SETPIPE_SZ, PIPE_BYTES)
    except (ImportError, AttributeError, OSError):
        pass  # the default 64 KB works, only with more waiting


def _work(render: Callable[[Page], str], pages: list[Page], street: Street, chunks: list[range],
          sender: Connection) -> None:
    """A worker: render its chunks in order and send each as [(ok, html or error, warnings)]."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the build process's to handle: it stops us
    warnings = street.warnings
    try:
        for chunk in chunks:
            rendered = []
            for index in chunk:
                seen = len(warnings)
                try:
                    rendered.append((True, render(pages[index]), warnings[seen:]))
                except StreetkitError as exc:  # sent back as text: exceptions with keyword arguments do not unpickle
                    rendered.append((False, str(exc), warnings[seen:]))
                del warnings[seen:]
            sender.send(rendered)
    except BaseException as exc:  # a plugin's bug: the build process raises it, as it would serially
        try:
            sender.send(exc)
        except Exception:  # unpicklable: its traceback as text (a build stopped meanwhile terminates us)
            sender.send(RuntimeError("".join(traceback.format_exception(exc))))
    finally:
        sender.close()
        os._exit(0)  # no atexit handlers or finalizers of the build process's objects in a copy of it
