//! A Gantt chart of a run as hand-written SVG: one row per pod grouped by
//! Job and completion index, bars coloured by outcome, Job start/finish and
//! CronJob slots marked, a labelled time axis.

use std::collections::BTreeMap;
use std::fmt::Write;

use super::events::Millis;
use super::trace::{format_offset, JobOutcome, PodOutcome, PodSpan, Trace};

const LABEL_W: f64 = 260.0;
const CHART_W: f64 = 900.0;
const ROW_H: f64 = 16.0;
const TOP: f64 = 40.0;
/// Rows drawn at most; the rest are summarised in a note.
pub const MAX_ROWS: usize = 2_000;

fn esc(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

fn colour(o: PodOutcome) -> &'static str {
    match o {
        PodOutcome::Running => "#4a90d9",
        PodOutcome::Succeeded => "#3c9d4e",
        PodOutcome::Failed => "#d64541",
        PodOutcome::Killed => "#e8912d",
        PodOutcome::Disrupted => "#8e5ea2",
    }
}

fn outcome_name(o: PodOutcome) -> &'static str {
    match o {
        PodOutcome::Running => "Running",
        PodOutcome::Succeeded => "Succeeded",
        PodOutcome::Failed => "Failed",
        PodOutcome::Killed => "Killed",
        PodOutcome::Disrupted => "Disrupted",
    }
}

/// A "nice" tick step (1, 2, 5 × 10^k seconds, or whole minutes/hours/days).
fn tick_step(span: Millis) -> Millis {
    const STEPS: [Millis; 16] = [
        1_000, 2_000, 5_000, 10_000, 15_000, 30_000, 60_000, 120_000, 300_000, 600_000, 900_000,
        1_800_000, 3_600_000, 7_200_000, 21_600_000, 86_400_000,
    ];
    let want = span / 8;
    STEPS
        .iter()
        .copied()
        .find(|&s| s >= want)
        .unwrap_or_else(|| (want / 86_400_000 + 1) * 86_400_000)
}

/// Render the trace's pods as an SVG document.
pub fn render(trace: &Trace) -> String {
    let end = trace.end_ms.max(1);
    let x = |t: Millis| LABEL_W + (t.clamp(0, end) as f64) * CHART_W / end as f64;

    // Group pods by job (in first-seen order), then index, then creation.
    let mut job_order: Vec<&str> = Vec::new();
    let mut groups: BTreeMap<usize, Vec<&PodSpan>> = BTreeMap::new();
    for p in &trace.pods {
        let pos = match job_order.iter().position(|j| *j == p.job) {
            Some(i) => i,
            None => {
                job_order.push(&p.job);
                job_order.len() - 1
            }
        };
        groups.entry(pos).or_default().push(p);
    }
    let jobs: BTreeMap<&str, _> = trace.jobs.iter().map(|j| (j.name.as_str(), j)).collect();

    let mut rows = String::new();
    let mut y = TOP;
    let mut drawn = 0usize;
    let mut skipped = 0usize;
    for (pos, pods) in &mut groups {
        let name = job_order[*pos];
        if drawn >= MAX_ROWS {
            skipped += pods.len();
            continue;
        }
        pods.sort_by_key(|p| (p.index.unwrap_or(-1), p.created_ms));
        // Job header row with its span.
        let _ = writeln!(
            rows,
            r##"<text class="job-label" x="4" y="{:.1}" font-weight="bold">job/{}</text>"##,
            y + ROW_H - 4.0,
            esc(name)
        );
        if let Some(j) = jobs.get(name) {
            let (x0, x1) = (x(j.created_ms), x(j.finished_ms.unwrap_or(end)));
            let fill = match j.outcome {
                JobOutcome::Complete => "#3c9d4e",
                JobOutcome::Failed => "#d64541",
                JobOutcome::Deleted => "#999999",
                JobOutcome::Running => "#4a90d9",
            };
            let _ = writeln!(
                rows,
                r##"<rect class="job" x="{x0:.1}" y="{:.1}" width="{:.1}" height="4" fill="{fill}" opacity="0.6"><title>job/{} {:?} {}</title></rect>"##,
                y + ROW_H / 2.0 - 2.0,
                (x1 - x0).max(1.0),
                esc(name),
                j.outcome,
                esc(j.reason.as_deref().unwrap_or(""))
            );
            let _ = writeln!(
                rows,
                r##"<line class="job-start" x1="{x0:.1}" x2="{x0:.1}" y1="{y:.1}" y2="{:.1}" stroke="#333" stroke-width="1.5"/>"##,
                y + ROW_H
            );
            if let Some(f) = j.finished_ms {
                let xf = x(f);
                let _ = writeln!(
                    rows,
                    r##"<line class="job-finish" x1="{xf:.1}" x2="{xf:.1}" y1="{y:.1}" y2="{:.1}" stroke="{fill}" stroke-width="2"/>"##,
                    y + ROW_H
                );
            }
        }
        y += ROW_H;
        for p in pods.iter() {
            if drawn >= MAX_ROWS {
                skipped += 1;
                continue;
            }
            drawn += 1;
            let label = match p.index {
                Some(i) => format!("[{i}] {}", p.pod),
                None => p.pod.clone(),
            };
            let _ = writeln!(
                rows,
                r##"<text class="pod-label" x="14" y="{:.1}">{}</text>"##,
                y + ROW_H - 4.0,
                esc(&label)
            );
            let start = x(p.created_ms);
            let run = x(p.running_ms.unwrap_or(p.finished_ms.unwrap_or(end)));
            let stop = x(p.finished_ms.unwrap_or(end));
            if run > start {
                let _ = writeln!(
                    rows,
                    r##"<rect class="pending" x="{start:.1}" y="{:.1}" width="{:.1}" height="{:.1}" fill="#cccccc"/>"##,
                    y + 2.0,
                    run - start,
                    ROW_H - 4.0
                );
            }
            let exit = p
                .exit_code
                .map(|c| format!(", exit code {c}"))
                .unwrap_or_default();
            let _ = writeln!(
                rows,
                r##"<rect class="pod" x="{run:.1}" y="{:.1}" width="{:.1}" height="{:.1}" fill="{}"><title>pod/{} {}{} ({} → {})</title></rect>"##,
                y + 2.0,
                (stop - run).max(1.0),
                ROW_H - 4.0,
                colour(p.outcome),
                esc(&p.pod),
                outcome_name(p.outcome),
                exit,
                format_offset(p.created_ms),
                p.finished_ms
                    .map_or_else(|| "end".to_string(), format_offset)
            );
            y += ROW_H;
        }
    }
    let chart_bottom = y;

    let mut out = String::new();
    let height = chart_bottom + 50.0;
    let width = LABEL_W + CHART_W + 50.0;
    let _ = writeln!(
        out,
        r#"<svg xmlns="http://www.w3.org/2000/svg" width="{width:.0}" height="{height:.0}" viewBox="0 0 {width:.0} {height:.0}" font-family="sans-serif" font-size="11">"#
    );
    let _ = writeln!(
        out,
        r##"<rect x="0" y="0" width="{width:.0}" height="{height:.0}" fill="#ffffff"/>"##
    );
    let _ = writeln!(
        out,
        r#"<text x="4" y="14" font-size="13" font-weight="bold">kbatch simulation from {} (seed {})</text>"#,
        esc(&trace.start),
        trace.seed
    );
    // Time axis.
    let step = tick_step(end);
    let mut t = 0;
    while t <= end {
        let xt = x(t);
        let _ = writeln!(
            out,
            r##"<line class="tick" x1="{xt:.1}" x2="{xt:.1}" y1="{:.1}" y2="{chart_bottom:.1}" stroke="#eeeeee"/><text x="{xt:.1}" y="{:.1}" text-anchor="middle" fill="#555">{}</text>"##,
            TOP - 6.0,
            TOP - 10.0,
            format_offset(t)
        );
        t += step;
    }
    // CronJob slots.
    if trace.slots.len() <= 500 {
        for (cj, at) in &trace.slots {
            let xs = x(*at);
            let _ = writeln!(
                out,
                r##"<line class="slot" x1="{xs:.1}" x2="{xs:.1}" y1="{:.1}" y2="{chart_bottom:.1}" stroke="#7f7f7f" stroke-dasharray="3,3"><title>cronjob/{} slot {}</title></line>"##,
                TOP - 4.0,
                esc(cj),
                format_offset(*at)
            );
        }
    }
    out.push_str(&rows);
    let note = if skipped > 0 || trace.pods_dropped > 0 {
        format!(
            "{} more pods not drawn",
            skipped as u64 + trace.pods_dropped
        )
    } else {
        String::new()
    };
    let legend = [
        ("Succeeded", PodOutcome::Succeeded),
        ("Failed", PodOutcome::Failed),
        ("Killed", PodOutcome::Killed),
        ("Disrupted", PodOutcome::Disrupted),
        ("Running", PodOutcome::Running),
    ];
    let ly = chart_bottom + 20.0;
    for (i, (name, o)) in legend.iter().enumerate() {
        let lx = LABEL_W + i as f64 * 100.0;
        let _ = writeln!(
            out,
            r#"<rect x="{lx:.1}" y="{:.1}" width="10" height="10" fill="{}"/><text x="{:.1}" y="{ly:.1}">{name}</text>"#,
            ly - 9.0,
            colour(*o),
            lx + 14.0
        );
    }
    if !note.is_empty() {
        let _ = writeln!(out, r#"<text x="4" y="{ly:.1}">{note}</text>"#);
    }
    out.push_str("</svg>\n");
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ticks_are_round() {
        assert_eq!(tick_step(60_000), 10_000);
        assert_eq!(tick_step(3_600_000), 600_000);
        assert_eq!(tick_step(40 * 86_400_000), 6 * 86_400_000);
    }
}
