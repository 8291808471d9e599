//! The server functions' answer encoding: JSON, read in the browser from text. The server
//! renders each page's data into the page as JSON text, which the browser reads as it hydrates;
//! reading a server function's answer the same way (instead of from bytes, as Leptos's `Json`
//! does) lets both use one copy of each view type's JSON reader in the wasm rather than two.

use leptos::server_fn::codec::Post;
use leptos::server_fn::{Bytes, ContentType, Decodes, Encodes, Format, FormatType};
use serde::Serialize;
use serde::de::DeserializeOwned;

/// JSON, decoded from text.
pub struct JsonTextEncoding;

impl ContentType for JsonTextEncoding {
    const CONTENT_TYPE: &'static str = "application/json";
}

impl FormatType for JsonTextEncoding {
    const FORMAT_TYPE: Format = Format::Text;
}

impl<T: Serialize> Encodes<T> for JsonTextEncoding {
    type Error = serde_json::Error;

    fn encode(output: &T) -> Result<Bytes, Self::Error> {
        serde_json::to_vec(output).map(Bytes::from)
    }
}

impl<T: DeserializeOwned> Decodes<T> for JsonTextEncoding {
    type Error = serde_json::Error;

    fn decode(bytes: Bytes) -> Result<T, Self::Error> {
        // Not UTF-8 is not JSON: the same error as for any other text that is not JSON.
        let text = std::str::from_utf8(&bytes).unwrap_or("\u{0}");
        serde_json::from_str(text)
    }
}

/// A server function's answer, as JSON text (`#[server(output = JsonText)]`).
pub type JsonText = Post<JsonTextEncoding>;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn answers_read_back_as_written_and_bad_bytes_are_an_error() {
        let bytes = <JsonTextEncoding as Encodes<_>>::encode(&vec!["Trần Thị Bé".to_string()]).unwrap();
        let back: Vec<String> = <JsonTextEncoding as Decodes<_>>::decode(bytes).unwrap();
        assert_eq!(back, ["Trần Thị Bé"]);
        let bad: Result<Vec<String>, _> = <JsonTextEncoding as Decodes<_>>::decode(Bytes::from_static(b"[\"\xff\"]"));
        assert!(bad.is_err());
    }
}
