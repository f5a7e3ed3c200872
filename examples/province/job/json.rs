//! `indicators.json` read strictly: every object's keys in order (a repeated key is
//! seen, not silently overwritten), a key the format does not define refused with the
//! nearest valid one, numbers only as strings.

use std::fmt;

use rust_decimal::Decimal;
use serde::de::{Deserialize, Deserializer, MapAccess, SeqAccess, Visitor};

use super::config::strict_decimal;
use super::error::ConfigError;
use super::suggest::nearest;

/// A JSON value as written, objects keeping every key in order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Node {
    /// `null`.
    Null,
    /// `true` or `false`.
    Bool(bool),
    /// A bare number, refused wherever it appears. An integer keeps its digits (to
    /// show how to write it as a string); a fraction or exponent keeps nothing.
    Number(Option<String>),
    /// A string.
    Str(String),
    /// An array.
    Array(Vec<Node>),
    /// An object: its keys and values in the order written, repeats included.
    Object(Vec<(String, Node)>),
}

impl Node {
    /// What kind of JSON value this is, for messages.
    fn kind(&self) -> &'static str {
        match self {
            Node::Null => "null",
            Node::Bool(_) => "a boolean",
            Node::Number(_) => "a number",
            Node::Str(_) => "a string",
            Node::Array(_) => "an array",
            Node::Object(_) => "an object",
        }
    }
}

struct NodeVisitor;

impl<'de> Visitor<'de> for NodeVisitor {
    type Value = Node;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a JSON value")
    }

    fn visit_unit<E>(self) -> Result<Node, E> {
        Ok(Node::Null)
    }

    fn visit_none<E>(self) -> Result<Node, E> {
        Ok(Node::Null)
    }

    fn visit_bool<E>(self, v: bool) -> Result<Node, E> {
        Ok(Node::Bool(v))
    }

    fn visit_u64<E>(self, v: u64) -> Result<Node, E> {
        Ok(Node::Number(Some(v.to_string())))
    }

    fn visit_i64<E>(self, v: i64) -> Result<Node, E> {
        Ok(Node::Number(Some(v.to_string())))
    }

    // the parser has already turned the text into binary floating point: the value is
    // not read, only that a number was written here
    fn visit_f64<E>(self, _: f64) -> Result<Node, E> {
        Ok(Node::Number(None))
    }

    fn visit_str<E>(self, v: &str) -> Result<Node, E> {
        Ok(Node::Str(v.to_owned()))
    }

    fn visit_string<E>(self, v: String) -> Result<Node, E> {
        Ok(Node::Str(v))
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Node, A::Error> {
        let mut out = Vec::new();
        while let Some(v) = seq.next_element::<Node>()? {
            out.push(v);
        }
        Ok(Node::Array(out))
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Node, A::Error> {
        let mut out = Vec::new();
        while let Some((k, v)) = map.next_entry::<String, Node>()? {
            out.push((k, v));
        }
        Ok(Node::Object(out))
    }
}

impl<'de> Deserialize<'de> for Node {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Node, D::Error> {
        d.deserialize_any(NodeVisitor)
    }
}

/// Parses the whole of `text` as one JSON value.
///
/// # Errors
///
/// When it is not JSON, with the line and column.
pub fn parse(file: &'static str, text: &[u8]) -> Result<Node, ConfigError> {
    serde_json::from_slice(text).map_err(|e| ConfigError::new(file, format!("not valid JSON: {e}")))
}

/// An object of the file, named for messages, read key by key.
pub struct Obj<'a> {
    file: &'static str,
    /// "indicator I001", "period" …; `None` for the top level.
    name: Option<String>,
    entries: &'a [(String, Node)],
}

impl<'a> Obj<'a> {
    /// `node` as the object `name` of `file`.
    ///
    /// # Errors
    ///
    /// When `node` is not an object.
    pub fn new(
        file: &'static str,
        name: Option<String>,
        node: &'a Node,
    ) -> Result<Self, ConfigError> {
        match node {
            Node::Object(entries) => Ok(Self {
                file,
                name,
                entries,
            }),
            other => {
                let mut e =
                    ConfigError::new(file, format!("must be a JSON object, not {}", other.kind()));
                e.object = name;
                Err(e)
            }
        }
    }

    /// Renames the object (once its id is known).
    pub fn named(mut self, name: impl Into<String>) -> Self {
        self.name = Some(name.into());
        self
    }

    /// An error about this object, at `key` if given.
    pub fn error(&self, key: Option<&str>, message: impl Into<String>) -> ConfigError {
        let mut e = ConfigError::new(self.file, message);
        e.object = self.name.clone();
        e.key = key.map(str::to_owned);
        e
    }

    /// Checks that every key is one of `valid` and none is repeated; `what` names the
    /// object's kind for the list of valid keys ("a completion indicator").
    ///
    /// # Errors
    ///
    /// The first repeated key, or the first key not in `valid`, with the nearest valid
    /// key or, when none is near, the list of valid keys.
    pub fn only(&self, valid: &[&str], what: &str) -> Result<(), ConfigError> {
        for (k, (key, _)) in self.entries.iter().enumerate() {
            if self.entries[..k].iter().any(|(seen, _)| seen == key) {
                return Err(self.error(Some(key), format!("key `{key}` is given twice")));
            }
            if valid.contains(&key.as_str()) {
                continue;
            }
            let e = match nearest(key, valid) {
                Some(near) => {
                    let mut e = self.error(
                        Some(key),
                        format!("unknown key `{key}` (did you mean `{near}`?)"),
                    );
                    e.suggestion = Some(near.to_owned());
                    e
                }
                None => self.error(
                    Some(key),
                    format!(
                        "unknown key `{key}`; the keys of {what} are {}",
                        valid
                            .iter()
                            .map(|v| format!("`{v}`"))
                            .collect::<Vec<_>>()
                            .join(", ")
                    ),
                ),
            };
            return Err(e);
        }
        Ok(())
    }

    /// The value at `key`, if given.
    pub fn get(&self, key: &str) -> Option<&'a Node> {
        self.entries.iter().find(|(k, _)| k == key).map(|(_, v)| v)
    }

    fn need(&self, key: &str) -> Result<&'a Node, ConfigError> {
        self.get(key)
            .ok_or_else(|| self.error(Some(key), format!("missing key `{key}`")))
    }

    fn wrong(&self, key: &str, node: &Node, want: &str) -> ConfigError {
        let how = match node {
            Node::Number(Some(digits)) => format!(
                "`{key}` is a bare JSON number; write it as a string, \"{digits}\", so that \
                 no value passes through binary floating point"
            ),
            Node::Number(None) => format!(
                "`{key}` is a bare JSON number; write it as a string in quotes (\"0.05\", \
                 not 0.05), so that no value passes through binary floating point"
            ),
            other => format!("`{key}` must be {want}, not {}", other.kind()),
        };
        self.error(Some(key), how)
    }

    /// The string at `key`, which must be given.
    ///
    /// # Errors
    ///
    /// When it is missing or not a string.
    pub fn string(&self, key: &str) -> Result<&'a str, ConfigError> {
        match self.need(key)? {
            Node::Str(s) => Ok(s),
            other => Err(self.wrong(key, other, "a string")),
        }
    }

    /// The string at `key`, if given.
    ///
    /// # Errors
    ///
    /// When it is given and not a string.
    pub fn opt_string(&self, key: &str) -> Result<Option<&'a str>, ConfigError> {
        match self.get(key) {
            None => Ok(None),
            Some(Node::Str(s)) => Ok(Some(s)),
            Some(other) => Err(self.wrong(key, other, "a string")),
        }
    }

    /// The id at `key`: a string that is not empty.
    ///
    /// # Errors
    ///
    /// When it is missing, not a string or empty.
    pub fn id(&self, key: &str) -> Result<&'a str, ConfigError> {
        let s = self.string(key)?;
        if s.is_empty() {
            return Err(self.error(Some(key), format!("`{key}` is empty")));
        }
        Ok(s)
    }

    /// The decimal at `key`: a string holding a decimal (an optional sign, digits,
    /// optionally a point and digits).
    ///
    /// # Errors
    ///
    /// When it is missing, a bare number, or not such a string.
    pub fn decimal(&self, key: &str) -> Result<Decimal, ConfigError> {
        let s = self.string(key)?;
        strict_decimal(s).ok_or_else(|| {
            self.error(
                Some(key),
                format!("`{key}`: {s:?} is not a decimal number (digits, optionally a sign and a point: \"0.05\")"),
            )
        })
    }

    /// The object at `key`, named `key`.
    ///
    /// # Errors
    ///
    /// When it is missing or not an object.
    pub fn object(&self, key: &str) -> Result<Obj<'a>, ConfigError> {
        Obj::new(self.file, Some(key.to_owned()), self.need(key)?)
    }

    /// The array at `key`.
    ///
    /// # Errors
    ///
    /// When it is missing or not an array.
    pub fn array(&self, key: &str) -> Result<&'a [Node], ConfigError> {
        match self.need(key)? {
            Node::Array(items) => Ok(items),
            other => Err(self.wrong(key, other, "an array")),
        }
    }

    /// The array of strings at `key`.
    ///
    /// # Errors
    ///
    /// When it is missing, not an array, or holds anything but strings.
    pub fn strings(&self, key: &str) -> Result<Vec<String>, ConfigError> {
        self.array(key)?
            .iter()
            .map(|n| match n {
                Node::Str(s) => Ok(s.clone()),
                other => Err(self.wrong(key, other, "a list of strings")),
            })
            .collect()
    }
}
