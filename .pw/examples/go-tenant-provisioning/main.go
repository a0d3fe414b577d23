// The saga's worker, as a team runs it; also the worker `fault-replay check --worker-command` starts.
//
//	go-tenant-worker [-bugs missing_compensation,forward_order,...]
//
// Under fault-replay (FAULT_REPLAY_ADDRESS set) it connects to the tool's frontend with
// FAULT_REPLAY_NAMESPACE and FAULT_REPLAY_TASK_QUEUE and registers the workflow only: the tool answers
// every activity itself. Otherwise it connects to TEMPORAL_ADDRESS (default localhost:7233) and runs
// the activities too, with the recording faults of saga/recording_faults.go. -bugs plants the bugs of
// saga.Bugs (test/slow/go-worker.test.ts), each the twin of one in test/fixtures/saga-variants.
package main

import (
	"flag"
	"fmt"
	"log/slog"
	"os"
	"sort"
	"strings"

	"fault-replay.example/go-tenant-provisioning/saga"
	"go.temporal.io/sdk/client"
	sdklog "go.temporal.io/sdk/log"
	"go.temporal.io/sdk/worker"
	"go.temporal.io/sdk/workflow"
)

var bugKnobs = map[string]func(*saga.Bugs){
	"missing_compensation":  func(b *saga.Bugs) { b.MissingCompensation = true },
	"forward_order":         func(b *saga.Bugs) { b.ForwardOrder = true },
	"swallow_error":         func(b *saga.Bugs) { b.SwallowError = true },
	"throw_in_compensation": func(b *saga.Bugs) { b.ThrowInCompensation = true },
	"not_awaited":           func(b *saga.Bugs) { b.NotAwaited = true },
	"parallel_undos":        func(b *saga.Bugs) { b.ParallelUndos = true },
	"live_only_branch":      func(b *saga.Bugs) { b.LiveOnlyBranch = true },
}

func env(name, fallback string) string {
	if value, ok := os.LookupEnv(name); ok {
		return value
	}
	return fallback
}

func main() {
	bugList := flag.String("bugs", "", "comma-separated planted bugs: "+strings.Join(knobNames(), ", "))
	flag.Parse()
	var bugs saga.Bugs
	for _, name := range strings.Split(*bugList, ",") {
		if name == "" {
			continue
		}
		knob, ok := bugKnobs[name]
		if !ok {
			fmt.Fprintf(os.Stderr, "go-tenant-worker: no planted bug named %q (known: %s)\n", name, strings.Join(knobNames(), ", "))
			os.Exit(2)
		}
		knob(&bugs)
	}

	_, underTool := os.LookupEnv("FAULT_REPLAY_ADDRESS")
	address, namespace, taskQueue := env("FAULT_REPLAY_ADDRESS", ""), env("FAULT_REPLAY_NAMESPACE", ""), env("FAULT_REPLAY_TASK_QUEUE", "")
	if !underTool {
		address = env("TEMPORAL_ADDRESS", "localhost:7233")
		namespace = env("TEMPORAL_NAMESPACE", "default")
		taskQueue = env("TEMPORAL_TASK_QUEUE", "go-tenant-provisioning")
	}
	logger := sdklog.NewStructuredLogger(slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: slog.LevelWarn})))
	c, err := client.Dial(client.Options{HostPort: address, Namespace: namespace, Logger: logger})
	if err != nil {
		fmt.Fprintf(os.Stderr, "go-tenant-worker: cannot connect to %s: %v\n", address, err)
		os.Exit(1)
	}
	defer c.Close()

	options := worker.Options{}
	if !underTool {
		options.Interceptors = saga.RecordingFaults()
	}
	w := worker.New(c, taskQueue, options)
	w.RegisterWorkflowWithOptions(saga.Workflow(bugs), workflow.RegisterOptions{Name: saga.WorkflowType})
	if !underTool {
		saga.RegisterActivities(w)
	}
	if err := w.Run(worker.InterruptCh()); err != nil {
		fmt.Fprintf(os.Stderr, "go-tenant-worker: %v\n", err)
		os.Exit(1)
	}
}

func knobNames() []string {
	names := make([]string, 0, len(bugKnobs))
	for name := range bugKnobs {
		names = append(names, name)
	}
	sort.Strings(names)
	return names
}
