//! The language server: the only module that names tower_lsp or LSP types.

/// Applies the preferred fix of every finding in a document; argument: its URI.
pub const COMMAND_FIX_ALL: &str = "copydesk.fixAll";
/// Adds a canonical spelling to the glossary; arguments: a document URI
/// (which decides the `copydesk.toml`) and the name.
pub const COMMAND_ADD_TO_GLOSSARY: &str = "copydesk.addToGlossary";
/// Marks two names as distinct; arguments: a document URI and two names.
pub const COMMAND_MARK_DISTINCT: &str = "copydesk.markDistinct";
/// Never flags a name; arguments: a document URI and the name.
pub const COMMAND_IGNORE_NAME: &str = "copydesk.ignoreName";

/// Checks every prose file under the workspace folders and publishes
/// their diagnostics, reporting `$/progress`; no arguments. Answers
/// `{"files": N, "findings": K, "cancelled": bool}`.
pub const COMMAND_CHECK_WORKSPACE: &str = "copydesk.checkWorkspace";

mod actions;
mod convert;
mod server;
mod state;
mod transport;
mod workspace;

/// Serves LSP on stdin/stdout until `exit`; returns the exit status (0 when
/// `shutdown` came first, as the LSP specification asks).
pub fn run() -> i32 {
    one_heap_arena();
    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
    {
        Ok(runtime) => runtime,
        Err(error) => {
            eprintln!("copydesk: cannot start the async runtime: {error}");
            return 2;
        }
    };
    let status = runtime.block_on(server::serve());
    // The stdin reader thread may be blocked in a read that never returns
    // while the client keeps stdin open; do not wait for it.
    runtime.shutdown_background();
    status
}

/// Keeps the server's heap in one glibc arena. By default glibc gives each
/// thread that allocates its own arena; here messages are parsed on the
/// runtime's workers and documents analysed on blocking threads, so the
/// memory one thread frees (a document's text while it is read, the
/// scratch of an analysis) is not reused by the others, and a server
/// holding 20 MB of documents kept about 10 MB more resident. Typing is
/// not slower for it (see `scripts/bench.sh`); a workspace check, whose
/// two threads allocate at once, takes about 18% longer.
#[cfg(all(target_os = "linux", target_env = "gnu"))]
fn one_heap_arena() {
    // SAFETY: mallopt only sets a tunable of glibc's allocator; it is
    // called before the runtime starts any thread.
    unsafe {
        libc::mallopt(libc::M_ARENA_MAX, 1);
    }
}

#[cfg(not(all(target_os = "linux", target_env = "gnu")))]
fn one_heap_arena() {}
