//! The pods a Job sync reads, as the host holds them: a plain slice, or the
//! shared pointers an informer cache hands out (kube-rs `Store` keeps
//! `Arc<Pod>`), so a host never copies its pods to run a sync.

use std::sync::Arc;

use crate::api::Pod;

/// A read-only list of pods, borrowed from the host (see the `From` impls).
#[derive(Debug, Clone, Copy)]
pub struct Pods<'a>(Repr<'a>);

#[derive(Debug, Clone, Copy)]
enum Repr<'a> {
    Slice(&'a [Pod]),
    Shared(&'a [Arc<Pod>]),
    Refs(&'a [&'a Pod]),
}

impl Default for Pods<'_> {
    fn default() -> Self {
        Pods(Repr::Slice(&[]))
    }
}

impl<'a> Pods<'a> {
    /// How many pods.
    pub fn len(self) -> usize {
        match self.0 {
            Repr::Slice(s) => s.len(),
            Repr::Shared(s) => s.len(),
            Repr::Refs(s) => s.len(),
        }
    }

    /// Whether there are none.
    pub fn is_empty(self) -> bool {
        self.len() == 0
    }

    /// The pod at `i`, if any.
    pub fn get(self, i: usize) -> Option<&'a Pod> {
        match self.0 {
            Repr::Slice(s) => s.get(i),
            Repr::Shared(s) => s.get(i).map(|p| &**p),
            Repr::Refs(s) => s.get(i).copied(),
        }
    }

    /// The pods in order.
    pub fn iter(self) -> impl ExactSizeIterator<Item = &'a Pod> + Clone + 'a {
        (0..self.len()).map(move |i| self.at(i))
    }

    /// The pod at a position the sync itself took from this list.
    pub(crate) fn at(self, i: usize) -> &'a Pod {
        match self.0 {
            Repr::Slice(s) => &s[i],
            Repr::Shared(s) => &s[i],
            Repr::Refs(s) => s[i],
        }
    }
}

impl<'a> From<&'a [Pod]> for Pods<'a> {
    fn from(s: &'a [Pod]) -> Self {
        Pods(Repr::Slice(s))
    }
}

impl<'a> From<&'a Vec<Pod>> for Pods<'a> {
    fn from(s: &'a Vec<Pod>) -> Self {
        Pods(Repr::Slice(s))
    }
}

impl<'a, const N: usize> From<&'a [Pod; N]> for Pods<'a> {
    fn from(s: &'a [Pod; N]) -> Self {
        Pods(Repr::Slice(s))
    }
}

impl<'a> From<&'a [Arc<Pod>]> for Pods<'a> {
    fn from(s: &'a [Arc<Pod>]) -> Self {
        Pods(Repr::Shared(s))
    }
}

impl<'a> From<&'a Vec<Arc<Pod>>> for Pods<'a> {
    fn from(s: &'a Vec<Arc<Pod>>) -> Self {
        Pods(Repr::Shared(s))
    }
}

impl<'a> From<&'a [&'a Pod]> for Pods<'a> {
    fn from(s: &'a [&'a Pod]) -> Self {
        Pods(Repr::Refs(s))
    }
}

impl<'a> From<&'a Vec<&'a Pod>> for Pods<'a> {
    fn from(s: &'a Vec<&'a Pod>) -> Self {
        Pods(Repr::Refs(s))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn named(n: &str) -> Pod {
        let mut p = Pod::default();
        p.metadata.name = Some(n.into());
        p
    }

    #[test]
    fn every_form_reads_the_same_pods_in_order() {
        let owned = vec![named("a"), named("b")];
        let shared: Vec<Arc<Pod>> = owned.iter().cloned().map(Arc::new).collect();
        let refs: Vec<&Pod> = owned.iter().collect();
        for pods in [Pods::from(&owned), Pods::from(&shared), Pods::from(&refs)] {
            let names: Vec<&str> = pods.iter().map(|p| p.metadata.name()).collect();
            assert_eq!(names, ["a", "b"]);
            assert_eq!(pods.iter().len(), 2);
            assert_eq!(pods.at(1).metadata.name(), "b");
            assert!(pods.get(2).is_none());
        }
        assert!(Pods::default().is_empty());
    }
}
