//! Cutting outlines to the rectangle of a map, in canvas coordinates.

/// A point on the canvas.
pub(super) type Point = (f64, f64);

/// An axis-aligned rectangle of the canvas.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(super) struct Rect {
    /// Left edge.
    pub x0: f64,
    /// Top edge.
    pub y0: f64,
    /// Right edge.
    pub x1: f64,
    /// Bottom edge.
    pub y1: f64,
}

#[derive(Clone, Copy)]
enum Edge {
    Left(f64),
    Right(f64),
    Top(f64),
    Bottom(f64),
}

impl Edge {
    fn inside(self, (x, y): Point) -> bool {
        match self {
            Edge::Left(v) => x >= v,
            Edge::Right(v) => x <= v,
            Edge::Top(v) => y >= v,
            Edge::Bottom(v) => y <= v,
        }
    }

    /// Where the segment `a`–`b`, which crosses this edge, meets it.
    fn cut(self, (ax, ay): Point, (bx, by): Point) -> Point {
        match self {
            Edge::Left(v) | Edge::Right(v) => (v, ay + (by - ay) * (v - ax) / (bx - ax)),
            Edge::Top(v) | Edge::Bottom(v) => (ax + (bx - ax) * (v - ay) / (by - ay), v),
        }
    }
}

/// The part of a closed ring inside `rect` (Sutherland–Hodgman). A ring that leaves and
/// comes back gives one ring with edges along the rectangle's sides, which is right for a
/// filled shape that is never stroked. Empty when nothing is inside.
pub(super) fn clip_ring(ring: &[Point], rect: Rect) -> Vec<Point> {
    let edges = [
        Edge::Left(rect.x0),
        Edge::Right(rect.x1),
        Edge::Top(rect.y0),
        Edge::Bottom(rect.y1),
    ];
    let mut current: Vec<Point> = ring.to_vec();
    for edge in edges {
        let Some(&last) = current.last() else {
            break;
        };
        let mut out = Vec::with_capacity(current.len() + 4);
        let mut prev = last;
        for &p in &current {
            match (edge.inside(prev), edge.inside(p)) {
                (true, true) => out.push(p),
                (true, false) => out.push(edge.cut(prev, p)),
                (false, true) => {
                    out.push(edge.cut(prev, p));
                    out.push(p);
                }
                (false, false) => {}
            }
            prev = p;
        }
        current = out;
    }
    if current.len() < 3 {
        Vec::new()
    } else {
        current
    }
}

/// The parts of an open line inside `rect`, each a line of two or more points.
pub(super) fn clip_line(line: &[Point], rect: Rect) -> Vec<Vec<Point>> {
    let mut parts: Vec<Vec<Point>> = Vec::new();
    let mut current: Vec<Point> = Vec::new();
    for pair in line.windows(2) {
        let [a, b] = pair else { continue };
        match clip_segment(*a, *b, rect) {
            Some((p, q)) => {
                if current.last() != Some(&p) {
                    if current.len() >= 2 {
                        parts.push(std::mem::take(&mut current));
                    }
                    current.clear();
                    current.push(p);
                }
                current.push(q);
            }
            None => {
                if current.len() >= 2 {
                    parts.push(std::mem::take(&mut current));
                }
                current.clear();
            }
        }
    }
    if current.len() >= 2 {
        parts.push(current);
    }
    parts
}

/// The part of the segment `a`–`b` inside `rect` (Liang–Barsky), if any.
fn clip_segment(a: Point, b: Point, rect: Rect) -> Option<(Point, Point)> {
    let (dx, dy) = (b.0 - a.0, b.1 - a.1);
    let mut t0: f64 = 0.0;
    let mut t1: f64 = 1.0;
    for (p, q) in [
        (-dx, a.0 - rect.x0),
        (dx, rect.x1 - a.0),
        (-dy, a.1 - rect.y0),
        (dy, rect.y1 - a.1),
    ] {
        if p == 0.0 {
            if q < 0.0 {
                return None;
            }
        } else {
            let t = q / p;
            if p < 0.0 {
                t0 = t0.max(t);
            } else {
                t1 = t1.min(t);
            }
        }
    }
    if t0 > t1 {
        return None;
    }
    let at = |t: f64| (a.0 + dx * t, a.1 + dy * t);
    // Keep the end points exactly as given when they are inside, so that consecutive
    // segments of a line join up.
    let start = if t0 == 0.0 { a } else { at(t0) };
    let end = if t1 == 1.0 { b } else { at(t1) };
    Some((start, end))
}

#[cfg(test)]
mod tests {
    use super::{Rect, clip_line, clip_ring};

    const R: Rect = Rect {
        x0: 0.0,
        y0: 0.0,
        x1: 10.0,
        y1: 10.0,
    };

    #[test]
    fn a_ring_inside_is_kept_and_one_outside_is_dropped() {
        let inside = [(1.0, 1.0), (5.0, 1.0), (5.0, 5.0)];
        assert_eq!(clip_ring(&inside, R), inside.to_vec());
        let outside = [(11.0, 1.0), (15.0, 1.0), (15.0, 5.0)];
        assert!(clip_ring(&outside, R).is_empty());
        assert!(clip_ring(&[], R).is_empty());
    }

    #[test]
    fn a_ring_across_an_edge_is_cut_along_it() {
        let square = [(5.0, 5.0), (15.0, 5.0), (15.0, 15.0), (5.0, 15.0)];
        let clipped = clip_ring(&square, R);
        assert_eq!(clipped.len(), 4, "{clipped:?}");
        for (x, y) in &clipped {
            assert!((5.0..=10.0).contains(x) && (5.0..=10.0).contains(y));
        }
        // A ring round the whole rectangle becomes the rectangle.
        let big = [(-5.0, -5.0), (15.0, -5.0), (15.0, 15.0), (-5.0, 15.0)];
        let clipped = clip_ring(&big, R);
        assert_eq!(clipped.len(), 4);
        assert!(clipped.contains(&(0.0, 0.0)) && clipped.contains(&(10.0, 10.0)));
    }

    #[test]
    fn a_line_is_cut_into_the_parts_inside() {
        let line = [
            (-5.0, 5.0),
            (5.0, 5.0),
            (15.0, 5.0),
            (15.0, 8.0),
            (5.0, 8.0),
        ];
        let parts = clip_line(&line, R);
        assert_eq!(
            parts,
            vec![
                vec![(0.0, 5.0), (5.0, 5.0), (10.0, 5.0)],
                vec![(10.0, 8.0), (5.0, 8.0)]
            ]
        );
        assert!(clip_line(&[(20.0, 20.0), (30.0, 30.0)], R).is_empty());
        assert!(clip_line(&[(1.0, 1.0)], R).is_empty());
        // A segment along an edge is inside.
        assert_eq!(clip_line(&[(0.0, 2.0), (0.0, 4.0)], R).len(), 1);
    }
}
