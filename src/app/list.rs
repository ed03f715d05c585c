//! Selection, scrolling and filtering shared by every list. Only the rows in view are drawn; the
//! state keeps which items match the filter and where the window starts.

use crate::search::{Matcher, narrows};

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
    /// The items' texts folded for search, made once per load of the screen's data
    /// (`App::reindex`), not on every key.
    pub folded: Option<Vec<String>>,
    /// Items `found_for` matched, best first, before the screen's filters and sort: a query
    /// that grows from it only looks at these.
    pub found: Vec<usize>,
    pub found_for: String,
}

impl ListState {
    /// Recomputes the matches from the items' folded texts, keeping the selection in range.
    /// When the query grew from the last one, only what that one found is looked at again.
    pub fn refilter(&mut self, folded: &[String], matcher: &Matcher) {
        let among = (narrows(&self.found_for, &self.query) && self.found.len() <= folded.len())
            .then_some(self.found.as_slice());
        self.found = matcher.rank_folded(folded, among, &self.query);
        self.found_for = self.query.clone();
        self.matches = self.found.clone();
        self.clamp();
    }

    /// Forgets the folded texts and what the last query found: the items changed.
    pub fn forget_items(&mut self) {
        self.folded = None;
        self.found.clear();
        self.found_for.clear();
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
        let texts: Vec<String> = texts.iter().map(|t| crate::domain::text::fold(t)).collect();
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

    #[test]
    fn a_growing_query_refilters_only_what_it_found_and_a_new_one_everything() {
        let texts: Vec<String> = ["alpha", "beta", "alphabet", "gamma"]
            .iter()
            .map(|s| s.to_string())
            .collect();
        let m = Matcher::default();
        let mut l = ListState {
            query: "al".into(),
            ..ListState::default()
        };
        l.refilter(&texts, &m);
        assert_eq!(l.found, [0, 2]);
        l.query = "alphab".into();
        l.refilter(&texts, &m);
        assert_eq!(l.matches, [2]);
        // Backspacing to a shorter query looks at every item again.
        l.query = "a".into();
        l.refilter(&texts, &m);
        assert_eq!(l.matches.len(), 4);
        l.forget_items();
        assert!(l.found.is_empty() && l.folded.is_none());
    }
}
