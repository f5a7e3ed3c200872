//! `indicators.json` read strictly: parsed by the library's rule-book parser
//! (`scorecard::rulebook::parse_json`: strict RFC 8259, a repeated key refused with its
//! place, every number kept as written), then read key by key with this format's own
//! rules: a key the format does not define refused with the nearest valid one
//! (`scorecard::rulebook::suggest`), numbers only as strings.

use rust_decimal::Decimal;
use scorecard::rulebook::{self, Key, Node, Value};

use super::config::strict_decimal;
use super::error::ConfigError;

/// What kind of JSON value `node` is, for messages.
fn kind(node: &Node) -> &'static str {
    match &node.value {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Table(_) => "an object",
    }
}

/// Parses the whole of `text` as one JSON value.
///
/// # Errors
///
/// When it is not JSON (or not UTF-8), with the line and column; a key given twice
/// names the indicator it is in and the key.
pub fn parse(file: &'static str, text: &[u8]) -> Result<Node, ConfigError> {
    let text = std::str::from_utf8(text).map_err(|e| {
        ConfigError::new(
            file,
            format!(
                "not valid JSON: the text is not UTF-8 (at byte {})",
                e.valid_up_to()
            ),
        )
    })?;
    rulebook::parse_json(text, file).map_err(|e| {
        let object = e.indicator().map(|i| format!("indicator {i}"));
        // the library's message without its place and object, which are said apart
        let full = e.to_string();
        let place = match (e.line(), e.column()) {
            (Some(line), Some(column)) => format!("{file}:{line}:{column}: "),
            _ => format!("{file}: "),
        };
        let mut reason = full.strip_prefix(&place).unwrap_or(&full);
        if let Some(o) = &object {
            reason = reason.strip_prefix(&format!("{o}: ")).unwrap_or(reason);
        }
        let message = match (e.key(), e.line(), e.column()) {
            (Some(_), _, _) => reason.to_owned(),
            (None, Some(line), Some(column)) => {
                format!("not valid JSON: line {line}, column {column}: {reason}")
            }
            _ => format!("not valid JSON: {reason}"),
        };
        let mut c = ConfigError::new(file, message);
        c.object = object;
        c.key = e.key().map(str::to_owned);
        c
    })
}

/// An object of the file, named for messages, read key by key.
pub struct Obj<'a> {
    file: &'static str,
    /// "indicator I001", "period" …; `None` for the top level.
    name: Option<String>,
    entries: &'a [(Key, Node)],
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
        match &node.value {
            Value::Table(entries) => Ok(Self {
                file,
                name,
                entries,
            }),
            _ => {
                let mut e =
                    ConfigError::new(file, format!("must be a JSON object, not {}", kind(node)));
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

    /// Checks that every key is one of `valid` (the parser has refused a repeated
    /// one); `what` names the object's kind for the list of valid keys ("a completion
    /// indicator").
    ///
    /// # Errors
    ///
    /// The first key not in `valid`, with the nearest valid key or, when none is near,
    /// the list of valid keys.
    pub fn only(&self, valid: &[&str], what: &str) -> Result<(), ConfigError> {
        for (key, _) in self.entries {
            let key = key.name.as_str();
            if valid.contains(&key) {
                continue;
            }
            let e = match rulebook::suggest(key, valid) {
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
        self.entries
            .iter()
            .find(|(k, _)| k.name == key)
            .map(|(_, v)| v)
    }

    fn need(&self, key: &str) -> Result<&'a Node, ConfigError> {
        self.get(key)
            .ok_or_else(|| self.error(Some(key), format!("missing key `{key}`")))
    }

    fn wrong(&self, key: &str, node: &Node, want: &str) -> ConfigError {
        let how = match &node.value {
            Value::Number(digits) if digits.bytes().all(|b| b.is_ascii_digit() || b == b'-') => {
                format!(
                    "`{key}` is a bare JSON number; write it as a string, \"{digits}\", so that \
                     no value passes through binary floating point"
                )
            }
            Value::Number(_) => format!(
                "`{key}` is a bare JSON number; write it as a string in quotes (\"0.05\", \
                 not 0.05), so that no value passes through binary floating point"
            ),
            _ => format!("`{key}` must be {want}, not {}", kind(node)),
        };
        self.error(Some(key), how)
    }

    /// The string at `key`, which must be given.
    ///
    /// # Errors
    ///
    /// When it is missing or not a string.
    pub fn string(&self, key: &str) -> Result<&'a str, ConfigError> {
        let node = self.need(key)?;
        match &node.value {
            Value::String(s) => Ok(s),
            _ => Err(self.wrong(key, node, "a string")),
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
            Some(Node {
                value: Value::String(s),
                ..
            }) => Ok(Some(s)),
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
        let node = self.need(key)?;
        match &node.value {
            Value::Array(items) => Ok(items),
            _ => Err(self.wrong(key, node, "an array")),
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
            .map(|n| match &n.value {
                Value::String(s) => Ok(s.clone()),
                _ => Err(self.wrong(key, n, "a list of strings")),
            })
            .collect()
    }
}
