//! The document tree both parsers build: every value and key with its place in the
//! text, numbers as their source text.

/// A place in the text: a byte offset and the 1-based line and column (the column
/// counted in characters, so a Chinese name counts one per character).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Span {
    /// Byte offset from the start of the text.
    pub offset: usize,
    /// 1-based line.
    pub line: u32,
    /// 1-based column, in characters.
    pub column: u32,
}

/// A key of a table, with its place.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Key {
    /// The key as written (escapes decoded).
    pub name: String,
    /// Where the key starts.
    pub span: Span,
}

/// A value of the tree.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Value {
    /// JSON `null` (TOML has none).
    Null,
    /// `true` or `false`.
    Bool(bool),
    /// A number as written in the source (`123456789.123456789`, `-0`, `1e3`), never
    /// converted; TOML integers in hexadecimal, octal or binary are written here in
    /// decimal, and TOML's `_` separators are removed.
    Number(String),
    /// A string (escapes decoded); also a TOML date or time, as written.
    String(String),
    /// An array.
    Array(Vec<Node>),
    /// A table (JSON object), its entries in the order written, keys unique.
    Table(Vec<(Key, Node)>),
}

/// A value with the place where it starts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Node {
    /// The value.
    pub value: Value,
    /// Where it starts.
    pub span: Span,
}

impl Node {
    /// The entry `key` of a table, if this is a table that has it.
    pub fn get(&self, key: &str) -> Option<&Node> {
        match &self.value {
            Value::Table(entries) => entries.iter().find(|(k, _)| k.name == key).map(|(_, v)| v),
            _ => None,
        }
    }
}

/// Turns byte offsets into [`Span`]s. Queries in increasing order cost the distance
/// walked since the last one (so a parser that asks as it goes is linear even on a
/// 16 MiB single-line file); a query behind the last starts again from its line.
pub(crate) struct Locator<'t> {
    text: &'t str,
    /// Byte offsets where lines start.
    line_starts: Vec<usize>,
    /// The last answer.
    last: Span,
}

impl<'t> Locator<'t> {
    /// A locator for `text`; a leading byte-order mark is not counted as a column.
    pub(crate) fn new(text: &'t str) -> Self {
        let start = if text.starts_with('\u{feff}') { 3 } else { 0 };
        let mut line_starts = vec![start];
        line_starts.extend(memchr::memchr_iter(b'\n', text.as_bytes()).map(|i| i + 1));
        Self {
            text,
            line_starts,
            last: Span {
                offset: start,
                line: 1,
                column: 1,
            },
        }
    }

    /// The place of byte `offset` (clamped to the text; an offset inside a character
    /// counts as that character).
    pub(crate) fn at(&mut self, offset: usize) -> Span {
        let offset = offset.clamp(self.line_starts[0], self.text.len());
        if offset < self.last.offset {
            // start again from the beginning of the line holding `offset`
            let line = self.line_starts.partition_point(|&s| s <= offset);
            let start = self.line_starts[line.saturating_sub(1)];
            self.last = Span {
                offset: start,
                line: u32::try_from(line).unwrap_or(u32::MAX),
                column: 1,
            };
        }
        let bytes = &self.text.as_bytes()[self.last.offset..offset];
        let mut line = self.last.line;
        let mut column = self.last.column;
        for &b in bytes {
            if b == b'\n' {
                line = line.saturating_add(1);
                column = 1;
            } else if b & 0xC0 != 0x80 {
                column = column.saturating_add(1);
            }
        }
        self.last = Span {
            offset,
            line,
            column,
        };
        self.last
    }
}

#[cfg(test)]
mod tests {
    use super::Locator;

    #[test]
    fn columns_count_characters_and_lines_restart() {
        let text = "ab\n指标x\n\nz";
        let mut loc = Locator::new(text);
        let x = text.find('x').unwrap_or(0);
        assert_eq!((loc.at(x).line, loc.at(x).column), (2, 3));
        let z = text.find('z').unwrap_or(0);
        assert_eq!((loc.at(z).line, loc.at(z).column), (4, 1));
        // backwards
        assert_eq!((loc.at(1).line, loc.at(1).column), (1, 2));
        assert_eq!((loc.at(x).line, loc.at(x).column), (2, 3));
    }
}
