//! Keeping a panic to the file or document it happened on (SPEC §5).
//!
//! A bug in one rule must not hide every other file's findings or take the
//! server down. The front ends run each file's (or document's) analysis
//! inside [`catch`], which turns a panic into a [`Failure`] naming the
//! stage that failed (a rule id, "prose", "names"), where in the source it
//! failed, and the panic message, so the caller can report it in its own
//! way: on stderr with the path (the command line), in the workspace
//! check's last progress message, or as a diagnostic on the document.
//!
//! While a [`catch`] is running on a thread, a panic on that thread prints
//! nothing (the default hook would write the message and a backtrace to
//! stderr); outside one, panics are reported as usual, so test failures
//! and true invariants still speak. No I/O here, no LSP types.

use std::cell::{Cell, RefCell};
use std::fmt;
use std::panic::{self, AssertUnwindSafe};
use std::sync::{Mutex, MutexGuard, Once};

/// Where a user reports a failure.
pub const REPORT_URL: &str = "https://github.com/copydesk/copydesk/issues";

/// A panic caught at a file or document boundary.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Failure {
    /// What was running: a rule id, or a stage of the analysis such as
    /// "prose" or "names".
    pub stage: &'static str,
    /// The panic message, with the source location when known.
    pub message: String,
}

impl fmt::Display for Failure {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "internal error in {}: {}", self.stage, self.message)
    }
}

thread_local! {
    /// What the analysis on this thread is doing now.
    static STAGE: Cell<&'static str> = const { Cell::new("analysis") };
    /// How many [`catch`] calls are running on this thread.
    static DEPTH: Cell<usize> = const { Cell::new(0) };
    /// What the quiet hook recorded of the last panic on this thread.
    static CAUGHT: RefCell<Option<Failure>> = const { RefCell::new(None) };
}

/// Marks what the current thread is doing until the guard is dropped, so
/// that a panic meanwhile names it. Cheap: one thread-local write.
#[must_use = "the stage lasts as long as the guard"]
pub fn stage(name: &'static str) -> StageGuard {
    StageGuard {
        previous: STAGE.with(|stage| stage.replace(name)),
    }
}

/// Restores the previous stage when dropped.
pub struct StageGuard {
    previous: &'static str,
}

impl Drop for StageGuard {
    fn drop(&mut self) {
        STAGE.with(|stage| stage.set(self.previous));
    }
}

/// Runs `work`, turning a panic into a [`Failure`]. Nothing is printed
/// for a panic caught here.
///
/// # Errors
///
/// The [`Failure`] when `work` panicked.
pub fn catch<T>(work: impl FnOnce() -> T) -> Result<T, Failure> {
    install_hook();
    DEPTH.with(|depth| depth.set(depth.get() + 1));
    let outer_stage = STAGE.with(Cell::get);
    let result = panic::catch_unwind(AssertUnwindSafe(work));
    DEPTH.with(|depth| depth.set(depth.get() - 1));
    STAGE.with(|stage| stage.set(outer_stage));
    result.map_err(|payload| {
        CAUGHT
            .with(|caught| caught.borrow_mut().take())
            .unwrap_or_else(|| Failure {
                stage: outer_stage,
                message: payload_message(payload.as_ref()),
            })
    })
}

/// Locks `mutex`, recovering the data if a thread panicked while holding
/// it: a panic kept to one file or document must not make the state it
/// left behind unreachable for every other.
pub fn lock<T: ?Sized>(mutex: &Mutex<T>) -> MutexGuard<'_, T> {
    mutex
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner())
}

/// Test hooks, read from the environment once and compiled only into debug
/// builds (release builds ignore these variables), so the end-to-end tests
/// can make the analysis of one document fail or be slow:
///
/// - `COPYDESK_TEST_PANIC_ON=TEXT`: analysing a chunk that contains `TEXT`
///   panics;
/// - `COPYDESK_TEST_SLOW_ON=TEXT`: analysing a chunk that contains `TEXT`
///   takes three seconds longer.
///
/// # Panics
///
/// On purpose, as above.
#[cfg(debug_assertions)]
pub fn test_hooks(text: &str) {
    use std::sync::OnceLock;
    static HOOKS: OnceLock<[Option<String>; 2]> = OnceLock::new();
    let [panic_on, slow_on] = HOOKS.get_or_init(|| {
        let var = |name| std::env::var(name).ok().filter(|value| !value.is_empty());
        [var("COPYDESK_TEST_PANIC_ON"), var("COPYDESK_TEST_SLOW_ON")]
    });
    let found = |needle: &Option<String>| needle.as_deref().is_some_and(|n| text.contains(n));
    if found(slow_on) {
        std::thread::sleep(std::time::Duration::from_secs(3));
    }
    if found(panic_on) {
        panic!("COPYDESK_TEST_PANIC_ON matched");
    }
}

/// Release builds have no test hooks.
#[cfg(not(debug_assertions))]
#[inline(always)]
pub fn test_hooks(_text: &str) {}

/// Installs, once per process, a panic hook that records panics inside
/// [`catch`] quietly and hands every other panic to the hook it replaces.
fn install_hook() {
    static INSTALL: Once = Once::new();
    INSTALL.call_once(|| {
        let previous = panic::take_hook();
        panic::set_hook(Box::new(move |info| {
            if DEPTH.with(Cell::get) == 0 {
                previous(info);
                return;
            }
            let mut message = payload_message(info.payload());
            if let Some(location) = info.location() {
                message = format!("{message} at {}:{}", location.file(), location.line());
            }
            let failure = Failure {
                stage: STAGE.with(Cell::get),
                message,
            };
            CAUGHT.with(|caught| *caught.borrow_mut() = Some(failure));
        }));
    });
}

/// The panic message on one line and short: a slicing panic quotes the
/// text it sliced, which may be a whole document.
fn payload_message(payload: &(dyn std::any::Any + Send)) -> String {
    const LIMIT: usize = 160;
    let text = if let Some(text) = payload.downcast_ref::<&str>() {
        text
    } else if let Some(text) = payload.downcast_ref::<String>() {
        text.as_str()
    } else {
        "panic"
    };
    let mut message: String = text
        .chars()
        .take(LIMIT)
        .map(|ch| if ch.is_control() { ' ' } else { ch })
        .collect();
    if text.chars().nth(LIMIT).is_some() {
        message.push('…');
    }
    message
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_panic_is_caught_with_its_stage_and_location() {
        let failure = catch(|| {
            let _stage = stage("claim.booster");
            let text = "abc\ndef";
            let end = text.len() - 7;
            text[2..end].len()
        })
        .expect_err("slicing backwards panics");
        assert_eq!(failure.stage, "claim.booster");
        assert!(failure.message.contains("contain.rs"), "{failure}");
        assert!(!failure.message.contains('\n'), "{failure}");
        // The stage is restored once the catch is over.
        assert_eq!(STAGE.with(Cell::get), "analysis");
    }

    #[test]
    fn work_that_does_not_panic_returns_its_value() {
        assert_eq!(catch(|| 41 + 1), Ok(42));
    }

    #[test]
    fn nested_catches_each_report_their_own_panic() {
        let outer = catch(|| {
            let _stage = stage("names");
            let inner = catch(|| -> usize { panic!("inner") });
            assert_eq!(inner.expect_err("panicked").stage, "names");
            panic!("outer")
        })
        .expect_err("panicked");
        assert!(outer.message.starts_with("outer"), "{outer}");
    }
}
