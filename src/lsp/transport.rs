//! The server's input: `Content-Length` frames read from stdin on a thread
//! of their own and checked before tower-lsp sees them.
//!
//! tower-lsp 0.20 stops reading at the first frame it cannot decode (a
//! decoder error ends its tokio-util stream), so one bad message would end
//! the server (SPEC §5). A frame that is not a JSON-RPC message is replaced
//! here by a request to [`INVALID_MESSAGE`] with a null id, which the
//! server answers with the JSON-RPC error before carrying on.
//!
//! Some clients (Eglot, lsp4ij) send `"params": null` with `shutdown` and
//! `exit`; tower-lsp rejects params for methods without any, so `exit` would
//! be ignored. Such a `null` is dropped here. And since tower-lsp stops only
//! when its input ends, the input ends after `exit`, even while the client
//! keeps stdin open.
//!
//! tower-lsp drops its "method not found" reply to any method that starts
//! with `$/`, which is right for notifications but leaves such a request
//! unanswered forever; the LSP specification says a request must be
//! answered even then. So a `$/` request is renamed here to
//! [`DOLLAR_REQUEST`], which the server answers with "method not found".

use std::io::{self, BufRead, Read};
use std::pin::Pin;
use std::task::{ready, Context, Poll};

use serde::Deserialize;
use serde_json::{json, Value};
use tokio::io::{AsyncRead, ReadBuf};
use tokio::sync::mpsc;
use tower_lsp::jsonrpc::{ErrorCode, Id, Request, Response};

/// The method that stands for a frame that was not a JSON-RPC message.
pub const INVALID_MESSAGE: &str = "copydesk/invalidMessage";

/// The method that stands for a request (not a notification) whose method
/// starts with `$/`; its params are [`DollarRequest`].
pub const DOLLAR_REQUEST: &str = "copydesk/dollarRequest";

/// The params of a [`DOLLAR_REQUEST`] request.
#[derive(Deserialize)]
pub struct DollarRequest {
    /// The method the client asked for.
    pub method: String,
}

/// The params of an [`INVALID_MESSAGE`] request.
#[derive(Deserialize)]
pub struct InvalidMessage {
    /// The JSON-RPC error code to answer with.
    pub code: i64,
    /// What was wrong, for the reply and the log.
    pub reason: String,
}

/// Checked frames from stdin, as an `AsyncRead` for tower-lsp.
pub struct Input {
    frames: mpsc::Receiver<Vec<u8>>,
    frame: Vec<u8>,
    /// How much of `frame` has been read, in bytes.
    read_bytes: usize,
}

/// Starts reading stdin on a thread of its own. The thread is never joined:
/// it may be blocked in a read while the client keeps stdin open.
pub fn stdin() -> Input {
    let (sender, frames) = mpsc::channel(16);
    std::thread::spawn(move || {
        let mut input = io::stdin().lock();
        while let Ok(Some(body)) = read_body(&mut input) {
            let (body, exit) = checked(body);
            // After `exit`, end the input: tower-lsp stops only when its
            // input ends, and the client may keep stdin open.
            if sender.blocking_send(frame(&body)).is_err() || exit {
                break;
            }
        }
    });
    Input {
        frames,
        frame: Vec::new(),
        read_bytes: 0,
    }
}

impl AsyncRead for Input {
    fn poll_read(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &mut ReadBuf<'_>,
    ) -> Poll<io::Result<()>> {
        let this = &mut *self;
        while this.read_bytes == this.frame.len() {
            match ready!(this.frames.poll_recv(cx)) {
                Some(frame) => {
                    this.frame = frame;
                    this.read_bytes = 0;
                }
                None => return Poll::Ready(Ok(())), // End of input.
            }
        }
        let len = buf.remaining().min(this.frame.len() - this.read_bytes);
        buf.put_slice(&this.frame[this.read_bytes..this.read_bytes + len]);
        this.read_bytes += len;
        Poll::Ready(Ok(()))
    }
}

/// The body of the next message, `None` at the end of input. A header
/// block without a valid `Content-Length` gives an [`INVALID_MESSAGE`]
/// body; a header found after garbage on its line is still used, so that
/// reading finds its feet again after a frame of the wrong length.
fn read_body(input: &mut impl BufRead) -> io::Result<Option<Vec<u8>>> {
    let mut content_length = None;
    let mut in_headers = false;
    loop {
        let Some(line) = read_line_tail(input)? else {
            return Ok(None);
        };
        let line = String::from_utf8_lossy(&line).to_ascii_lowercase();
        let line = line.trim();
        if line.is_empty() {
            if in_headers {
                break;
            }
            continue;
        }
        in_headers = true;
        if let Some(idx) = line.find("content-length:") {
            content_length = line[idx + "content-length:".len()..]
                .trim()
                .parse::<u64>()
                .ok();
        }
    }
    let Some(content_length) = content_length else {
        let reason = "expected a Content-Length header".to_string();
        return Ok(Some(invalid(ErrorCode::ParseError, reason)));
    };
    // Read without trusting the length for an allocation up front.
    let mut body = Vec::new();
    input.take(content_length).read_to_end(&mut body)?;
    Ok((body.len() as u64 == content_length).then_some(body))
}

/// The longest end of a header line kept: far more than any header, and
/// enough to find one written after garbage on its line.
const MAX_HEADER_LINE: usize = 4096;

/// The next line (with its `\n`), or only its last [`MAX_HEADER_LINE`]
/// bytes and what follows in the same read when it is longer, so that a
/// client that never ends a line cannot grow the server without bound
/// (issue #12). `None` at the end of input.
fn read_line_tail(input: &mut impl BufRead) -> io::Result<Option<Vec<u8>>> {
    let mut line = Vec::new();
    let mut read_any = false;
    loop {
        let read = input
            .by_ref()
            .take(MAX_HEADER_LINE as u64)
            .read_until(b'\n', &mut line)?;
        if read == 0 {
            return Ok(read_any.then_some(line));
        }
        read_any = true;
        if line.ends_with(b"\n") {
            return Ok(Some(line));
        }
        if line.len() > MAX_HEADER_LINE {
            line.drain(..line.len() - MAX_HEADER_LINE);
        }
    }
}

/// The body unchanged when it is a JSON-RPC message, without a `null`
/// params, or else an [`INVALID_MESSAGE`] request; and whether it is the
/// `exit` notification.
fn checked(body: Vec<u8>) -> (Vec<u8>, bool) {
    match serde_json::from_slice::<Request>(&body) {
        Ok(request) => {
            let exit = request.method() == "exit" && request.id().is_none();
            if request.method().starts_with("$/") {
                if let Some(id) = request.id() {
                    let renamed = Request::build(DOLLAR_REQUEST)
                        .id(id.clone())
                        .params(json!({"method": request.method()}))
                        .finish();
                    let body = serde_json::to_vec(&renamed).unwrap_or(body);
                    return (body, false);
                }
            }
            if request.params() != Some(&Value::Null) {
                return (body, exit);
            }
            let (method, id, _) = request.into_parts();
            let mut builder = Request::build(method);
            if let Some(id) = id {
                builder = builder.id(id);
            }
            let body = serde_json::to_vec(&builder.finish()).unwrap_or(body);
            (body, exit)
        }
        Err(_) if serde_json::from_slice::<Response>(&body).is_ok() => (body, false),
        Err(error) if error.is_data() => {
            let reason = format!("expected a JSON-RPC message: {error}");
            (invalid(ErrorCode::InvalidRequest, reason), false)
        }
        Err(error) => {
            let reason = format!("expected JSON: {error}");
            (invalid(ErrorCode::ParseError, reason), false)
        }
    }
}

fn invalid(code: ErrorCode, reason: String) -> Vec<u8> {
    let request = Request::build(INVALID_MESSAGE)
        .id(Id::Null)
        .params(json!({"code": code.code(), "reason": reason}))
        .finish();
    serde_json::to_vec(&request).expect("a request serializes to JSON")
}

fn frame(body: &[u8]) -> Vec<u8> {
    let mut frame = format!("Content-Length: {}\r\n\r\n", body.len()).into_bytes();
    frame.extend_from_slice(body);
    frame
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A reader that yields `len` bytes of `byte` and then `rest`, without
    /// holding the long part in memory.
    fn endless_then(byte: u8, len: u64, rest: &'static [u8]) -> impl BufRead {
        io::BufReader::new(io::repeat(byte).take(len).chain(rest))
    }

    // Issue #12: a header line that never ended was read into memory
    // whole; only its end is kept now, and reading finds its feet on the
    // next line.
    #[test]
    fn a_header_line_without_end_is_read_in_bounded_memory() {
        let mut input = endless_then(b'x', 50_000_000, b"\r\nContent-Length: 2\r\n\r\n{}");
        let line = read_line_tail(&mut input).unwrap().unwrap();
        assert!(line.len() <= 2 * MAX_HEADER_LINE, "{}", line.len());
        assert!(line.ends_with(b"x\r\n"));
        let mut input = endless_then(b'x', 50_000_000, b"\r\nContent-Length: 2\r\n\r\n{}");
        // The garbage line is an unknown header of the frame that follows.
        assert_eq!(read_body(&mut input).unwrap().unwrap(), b"{}");
        assert_eq!(read_body(&mut input).unwrap(), None);
    }

    #[test]
    fn a_header_after_long_garbage_on_its_line_is_still_found() {
        let mut input = endless_then(b'}', 100_000, b"Content-Length: 2\r\n\r\n{}");
        assert_eq!(read_body(&mut input).unwrap().unwrap(), b"{}");
    }
}
