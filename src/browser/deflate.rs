//! Raw deflate by the browser's own `CompressionStream("deflate-raw")` and
//! `DecompressionStream`, so the wasm carries no deflate code of its own.
//! The bytes are the format miniz_oxide wrote into older results links.
use js_sys::{Reflect, Uint8Array};
use wasm_bindgen::prelude::wasm_bindgen;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use web_sys::{ReadableStream, ReadableStreamDefaultReader, WritableStream};

// Bound here: web-sys has them only behind `--cfg=web_sys_unstable_apis`.
#[wasm_bindgen]
extern "C" {
    type CompressionStream;
    #[wasm_bindgen(constructor, catch)]
    fn new(format: &str) -> Result<CompressionStream, JsValue>;
    #[wasm_bindgen(method, getter)]
    fn readable(this: &CompressionStream) -> ReadableStream;
    #[wasm_bindgen(method, getter)]
    fn writable(this: &CompressionStream) -> WritableStream;

    type DecompressionStream;
    #[wasm_bindgen(constructor, catch)]
    fn new(format: &str) -> Result<DecompressionStream, JsValue>;
    #[wasm_bindgen(method, getter)]
    fn readable(this: &DecompressionStream) -> ReadableStream;
    #[wasm_bindgen(method, getter)]
    fn writable(this: &DecompressionStream) -> WritableStream;
}

/// `bytes` piped through a transform stream's two ends.
fn piped(
    bytes: &[u8],
    readable: ReadableStream,
    writable: WritableStream,
) -> Result<ReadableStream, String> {
    let parts = js_sys::Array::of1(&Uint8Array::from(bytes));
    let blob = web_sys::Blob::new_with_u8_array_sequence(&parts).map_err(|e| reason(&e))?;
    let pair = web_sys::ReadableWritablePair::new(&readable, &writable);
    Ok(blob.stream().pipe_through(&pair))
}

fn reason(e: &JsValue) -> String {
    crate::browser::js_error_text(e, "the browser's deflate stream failed")
}

/// `bytes`, raw-deflated.
pub async fn compress(bytes: Vec<u8>) -> Result<Vec<u8>, String> {
    let stream = CompressionStream::new("deflate-raw").map_err(|e| reason(&e))?;
    let out = piped(&bytes, stream.readable(), stream.writable())?;
    read_all(out, usize::MAX).await
}

/// `bytes` inflated; fails as soon as the output passes `limit` bytes, and
/// stops the stream there, so a small link can't unpack into a huge one.
pub async fn decompress(bytes: Vec<u8>, limit: usize) -> Result<Vec<u8>, String> {
    let stream = DecompressionStream::new("deflate-raw").map_err(|e| reason(&e))?;
    let out = piped(&bytes, stream.readable(), stream.writable())?;
    read_all(out, limit).await
}

/// Every chunk `stream` yields, up to `limit` bytes in all.
async fn read_all(stream: ReadableStream, limit: usize) -> Result<Vec<u8>, String> {
    let reader: ReadableStreamDefaultReader = stream.get_reader().unchecked_into();
    let mut all = Vec::new();
    loop {
        let chunk = JsFuture::from(reader.read())
            .await
            .map_err(|e| reason(&e))?;
        let done = Reflect::get(&chunk, &JsValue::from_str("done")).map_err(|e| reason(&e))?;
        if done.as_bool().unwrap_or(true) {
            return Ok(all);
        }
        let value = Reflect::get(&chunk, &JsValue::from_str("value")).map_err(|e| reason(&e))?;
        let bytes: Uint8Array = value
            .dyn_into()
            .map_err(|_| "the stream gave no bytes".to_string())?;
        if all.len() + bytes.length() as usize > limit {
            // Stops the decompression; its own outcome no longer matters.
            let _ = reader.cancel();
            return Err(format!("unpacks to more than {} MB", limit / (1024 * 1024)));
        }
        all.extend(bytes.to_vec());
    }
}
