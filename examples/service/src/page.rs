//! The live page (一户式 2.0): one self-contained HTML file, inline CSS and JavaScript,
//! nothing from the network. It reads the token from the address's fragment
//! (`/#token=…`, never sent to the server) or asks for it, and follows the event stream.

/// The page, as served at `/`.
pub const PAGE: &str = include_str!("page.html");
