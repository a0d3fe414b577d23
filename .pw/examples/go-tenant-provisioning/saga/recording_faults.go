package saga

import (
	"context"
	"os"
	"strings"

	"go.temporal.io/sdk/activity"
	"go.temporal.io/sdk/interceptor"
	"go.temporal.io/sdk/temporal"
)

// FailActivities names the environment variable of the recording faults (scripts/record-go.ts):
// comma-separated activity types, each attempt of which returns a non-retryable ApplicationError of
// type InjectedFailure, "injected failure in <type>", the failure `fault-replay check` writes for the
// fault activity-failed, so a recording and the tool's rewrite of the happy history can be compared.
const FailActivities = "FAULT_REPLAY_FAIL_ACTIVITIES"

type recordingFaults struct {
	interceptor.WorkerInterceptorBase
	failing map[string]bool
}

type failingActivity struct {
	interceptor.ActivityInboundInterceptorBase
	failing map[string]bool
}

func (r *recordingFaults) InterceptActivity(_ context.Context, next interceptor.ActivityInboundInterceptor) interceptor.ActivityInboundInterceptor {
	f := &failingActivity{failing: r.failing}
	f.Next = next
	return f
}

func (f *failingActivity) ExecuteActivity(ctx context.Context, in *interceptor.ExecuteActivityInput) (interface{}, error) {
	activityType := activity.GetInfo(ctx).ActivityType.Name
	if f.failing[activityType] {
		return nil, temporal.NewNonRetryableApplicationError("injected failure in "+activityType, "InjectedFailure", nil)
	}
	return f.Next.ExecuteActivity(ctx, in)
}

// RecordingFaults is the worker interceptor that fails the activities FAULT_REPLAY_FAIL_ACTIVITIES names (none: no interceptor).
func RecordingFaults() []interceptor.WorkerInterceptor {
	failing := map[string]bool{}
	for _, name := range strings.Split(os.Getenv(FailActivities), ",") {
		if name != "" {
			failing[name] = true
		}
	}
	if len(failing) == 0 {
		return nil
	}
	return []interceptor.WorkerInterceptor{&recordingFaults{failing: failing}}
}
