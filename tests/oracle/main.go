// Command oracle answers schedule questions with robfig/cron v3.0.1 itself, handling
// spec.schedule and spec.timeZone the way the Kubernetes CronJob controller does.
//
// Input: JSON lines {"s": schedule, "z": timeZone or null, "t": unix seconds, "n": nanos, "k": count}.
// Output: JSON lines {"next": [[sec, nsec], ...]} (shorter than k when Next returned the
// zero time) or {"reason": "UnknownTimeZone"|"UnparseableSchedule", "err": message}.
// Run with TZ=UTC so that time.Local (the controller-manager's zone) is UTC.
package main

import (
	"bufio"
	"encoding/json"
	"fmt"
	"os"
	"strings"
	"time"

	cron "github.com/robfig/cron/v3"
)

const (
	hangAfter = 2 * time.Second
	maxHangs  = 3
)

type query struct {
	S string  `json:"s"`
	Z *string `json:"z"`
	T int64   `json:"t"`
	N int64   `json:"n"`
	K int     `json:"k"`
}

type answer struct {
	Next   [][2]int64 `json:"next,omitempty"`
	Reason string     `json:"reason,omitempty"`
	Err    string     `json:"err,omitempty"`
	Hang   bool       `json:"hang,omitempty"`
}

// formatSchedule mirrors pkg/controller/cronjob/utils.go formatSchedule.
func formatSchedule(s string, tz *string) string {
	if strings.Contains(s, "TZ") {
		return s
	}
	if tz != nil {
		return fmt.Sprintf("TZ=%s %s", *tz, s)
	}
	return s
}

func parse(s string) (sched cron.Schedule, err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("panic in cron.ParseStandard: %v", r)
		}
	}()
	return cron.ParseStandard(s)
}

func main() {
	in := bufio.NewScanner(os.Stdin)
	in.Buffer(make([]byte, 1<<20), 1<<20)
	out := bufio.NewWriter(os.Stdout)
	defer out.Flush()
	enc := json.NewEncoder(out)
	hangs := 0
	for in.Scan() {
		var q query
		if err := json.Unmarshal(in.Bytes(), &q); err != nil {
			fmt.Fprintln(os.Stderr, "bad query:", err)
			os.Exit(2)
		}
		var a answer
		if q.Z != nil {
			if _, err := time.LoadLocation(*q.Z); err != nil {
				a.Reason, a.Err = "UnknownTimeZone", fmt.Sprintf("invalid timeZone: %q: %s", *q.Z, err)
				enc.Encode(a)
				continue
			}
		}
		sched, err := parse(formatSchedule(q.S, q.Z))
		if err != nil {
			a.Reason, a.Err = "UnparseableSchedule", err.Error()
			enc.Encode(a)
			continue
		}
		// Each Next runs in a goroutine: robfig's walk never returns for some DST
		// histories, and then we report the times found so far and "hang".
		steps := make(chan time.Time)
		go func() {
			t := time.Unix(q.T, q.N).UTC()
			for i := 0; i < q.K; i++ {
				t = sched.Next(t)
				steps <- t
				if t.IsZero() {
					break
				}
			}
			close(steps)
		}()
		a.Next = [][2]int64{}
	collect:
		for {
			select {
			case t, ok := <-steps:
				if !ok || t.IsZero() {
					break collect
				}
				a.Next = append(a.Next, [2]int64{t.Unix(), int64(t.Nanosecond())})
			case <-time.After(hangAfter):
				a.Hang = true
				hangs++
				break collect
			}
		}
		enc.Encode(a)
		// A hung goroutine keeps spinning: stop the batch after a few.
		if hangs >= maxHangs {
			out.Flush()
			os.Exit(0)
		}
	}
	if err := in.Err(); err != nil {
		fmt.Fprintln(os.Stderr, "read:", err)
		os.Exit(2)
	}
}
