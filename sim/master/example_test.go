package master_test

import (
	"context"
	"fmt"
	"net/http/httptest"

	"google.golang.org/protobuf/proto"

	mesosv1 "github.com/mactor/mactor/messages/mesos/v1"
	"github.com/mactor/mactor/sim/master"
)

// ExampleFetchState serves a master with one agent and reads its /state
// over HTTP.
func ExampleFetchState() {
	m := master.New(master.Config{ID: "M"})
	defer m.Close()
	m.AddAgent(&mesosv1.AgentInfo{Hostname: proto.String("127.0.0.1"), Id: &mesosv1.AgentID{Value: proto.String("M-S0")}})
	srv := httptest.NewServer(m.Handler())
	defer srv.Close()

	st, err := master.FetchState(context.Background(), nil, srv.URL)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(st.ID, len(st.Agents), st.Agents[0].ID, len(st.Frameworks))
	// Output: M 1 M-S0 0
}
