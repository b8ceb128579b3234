//! Arbitrary bytes as the language server's input, through the frame
//! reader and checker of src/lsp/transport.rs and its `AsyncRead`: no
//! panic, no hang, memory bounded by the input, and every frame handed to
//! tower-lsp is a well-framed JSON-RPC request or response.

#![no_main]

use libfuzzer_sys::fuzz_target;

#[allow(dead_code, unused_imports)]
mod transport {
    include!(concat!(env!("OUT_DIR"), "/transport.rs"));

    /// What `stdin()`'s thread sends for `input`, read to its end or to
    /// `exit`, as `stdin()` reads.
    pub fn frames(input: &[u8]) -> Vec<Vec<u8>> {
        let mut reader = io::BufReader::with_capacity(64, input);
        let mut frames = Vec::new();
        let mut reads = 0;
        while let Ok(Some(body)) = read_body(&mut reader) {
            reads += 1;
            assert!(reads <= input.len() + 1, "the reader does not advance");
            let (body, exit) = checked(body);
            frames.push(frame(&body));
            if exit {
                break;
            }
        }
        frames
    }

    /// The bytes tower-lsp reads from an [`Input`] fed `frames`, in reads
    /// of `chunk` bytes at most.
    pub fn read_input(frames: &[Vec<u8>], chunk: usize) -> Vec<u8> {
        let (sender, receiver) = mpsc::channel(frames.len().max(1));
        for frame in frames {
            sender
                .try_send(frame.clone())
                .expect("the channel has room");
        }
        drop(sender);
        let mut input = Input {
            frames: receiver,
            frame: Vec::new(),
            read_bytes: 0,
        };
        let mut context = Context::from_waker(std::task::Waker::noop());
        let mut out = Vec::new();
        let mut storage = vec![0u8; chunk];
        loop {
            let mut buf = ReadBuf::new(&mut storage);
            match Pin::new(&mut input).poll_read(&mut context, &mut buf) {
                Poll::Ready(Ok(())) if buf.filled().is_empty() => return out,
                Poll::Ready(Ok(())) => out.extend_from_slice(buf.filled()),
                Poll::Ready(Err(error)) => panic!("read error {error}"),
                Poll::Pending => panic!("pending with every frame sent"),
            }
        }
    }

    /// Panics unless `frame` is a `Content-Length` header and a JSON-RPC
    /// request or response of that length.
    pub fn check_frame(frame: &[u8]) {
        let split = frame
            .windows(4)
            .position(|w| w == b"\r\n\r\n")
            .expect("a header block");
        let header = std::str::from_utf8(&frame[..split]).expect("an ASCII header");
        let length: usize = header
            .strip_prefix("Content-Length: ")
            .and_then(|n| n.parse().ok())
            .expect("a Content-Length header");
        let body = &frame[split + 4..];
        assert_eq!(body.len(), length, "the body has the length of its header");
        if let Ok(request) = serde_json::from_slice::<Request>(body) {
            assert!(
                request.params() != Some(&Value::Null),
                "null params reach tower-lsp"
            );
            if request.method() == INVALID_MESSAGE {
                let params = request.params().cloned().unwrap_or(Value::Null);
                serde_json::from_value::<InvalidMessage>(params).expect("invalid-message params");
            } else if request.method().starts_with("$/") {
                assert!(request.id().is_none(), "a $/ request reaches tower-lsp");
            }
        } else {
            serde_json::from_slice::<Response>(body).expect("a JSON-RPC request or response");
        }
    }
}

fuzz_target!(|data: &[u8]| {
    // The first byte picks the size of tower-lsp's reads.
    let Some((&chunk, input)) = data.split_first() else {
        return;
    };
    let frames = transport::frames(input);
    for frame in &frames {
        transport::check_frame(frame);
    }
    let read = transport::read_input(&frames, 1 + chunk as usize);
    assert_eq!(read, frames.concat(), "Input gives the frames unchanged");
});
