//! Selection, scrolling and filtering shared by every list. Only the rows in view are drawn; the
//! state keeps which items match the filter and where the window starts.

use crate::search::Matcher;

#[derive(Clone, Debug, Default, PartialEq)]
pub struct ListState {
    /// Index into `matches`.
    pub selected: usize,
    /// First row in view.
    pub offset: usize,
    /// The filter typed after `/`.
    pub query: String,
    /// Is the filter being typed right now?
    pub typing: bool,
    /// Item indices (into the screen's data) that pass the filter, in display order.
    pub matches: Vec<usize>,
    /// The query the matches were last computed for.
    pub last_query: String,
}

impl ListState {
    /// Recomputes the matches from the items' texts, keeping the selection in range.
    pub fn refilter(&mut self, texts: &[String], matcher: &Matcher) {
        self.matches = matcher.rank(texts.iter().map(String::as_str), &self.query);
        self.clamp();
    }

    pub fn selected_item(&self) -> Option<usize> {
        self.matches.get(self.selected).copied()
    }

    pub fn len(&self) -> usize {
        self.matches.len()
    }

    pub fn is_empty(&self) -> bool {
        self.matches.is_empty()
    }

    pub fn up(&mut self, n: usize) {
        self.selected = self.selected.saturating_sub(n);
    }

    pub fn down(&mut self, n: usize) {
        if !self.matches.is_empty() {
            self.selected = (self.selected + n).min(self.matches.len() - 1);
        }
    }

    pub fn top(&mut self) {
        self.selected = 0;
    }

    pub fn bottom(&mut self) {
        self.selected = self.matches.len().saturating_sub(1);
    }

    pub fn select_item(&mut self, item: usize) {
        if let Some(i) = self.matches.iter().position(|m| *m == item) {
            self.selected = i;
        }
    }

    fn clamp(&mut self) {
        if self.selected >= self.matches.len() {
            self.selected = self.matches.len().saturating_sub(1);
        }
    }

    /// Moves the window so the selection is in view for `height` rows; returns the range of
    /// match positions to draw.
    pub fn window(&self, height: usize) -> std::ops::Range<usize> {
        let height = height.max(1);
        let mut offset = self.offset.min(self.matches.len().saturating_sub(1));
        if self.selected < offset {
            offset = self.selected;
        } else if self.selected >= offset + height {
            offset = self.selected + 1 - height;
        }
        offset..(offset + height).min(self.matches.len())
    }

    /// Remembers the window a draw used, so scrolling is stable from frame to frame.
    pub fn settle(&mut self, height: usize) {
        self.offset = self.window(height).start;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn list(n: usize) -> ListState {
        let mut l = ListState::default();
        let texts: Vec<String> = (0..n).map(|i| format!("item {i}")).collect();
        l.refilter(&texts, &Matcher::default());
        l
    }

    #[test]
    fn moving_stays_in_range() {
        let mut l = list(5);
        l.up(3);
        assert_eq!(l.selected, 0);
        l.down(10);
        assert_eq!(l.selected, 4);
        l.top();
        assert_eq!(l.selected_item(), Some(0));
        l.bottom();
        assert_eq!(l.selected_item(), Some(4));
        let mut empty = list(0);
        empty.down(1);
        assert_eq!(empty.selected_item(), None);
    }

    #[test]
    fn the_window_follows_the_selection_and_builds_only_visible_rows() {
        let mut l = list(10_000);
        assert_eq!(l.window(20), 0..20);
        l.down(25);
        assert_eq!(l.window(20), 6..26);
        l.settle(20);
        l.up(1);
        assert_eq!(
            l.window(20),
            6..26,
            "stable while the selection stays in view"
        );
        l.bottom();
        assert_eq!(l.window(20), 9980..10000);
    }

    #[test]
    fn filtering_keeps_the_selection_in_range() {
        let mut l = list(30);
        l.bottom();
        l.query = "item 2".into();
        let texts: Vec<String> = (0..30).map(|i| format!("item {i}")).collect();
        l.refilter(&texts, &Matcher::default());
        assert!(l.selected < l.len());
        assert_eq!(l.matches[0], 2);
    }
}
