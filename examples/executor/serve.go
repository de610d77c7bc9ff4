package main

import (
	"fmt"
	"net"
	"net/http"
	"os"

	"go.uber.org/zap"
	"google.golang.org/protobuf/proto"

	mesosv1 "github.com/mactor/mactor/messages/mesos/v1"
)

// executorFile is the name the fetcher gives the binary in the sandbox.
const executorFile = "mactor-example-executor"

// serveSelf serves this very binary over HTTP, so that the agents' fetcher
// can download it into each executor's sandbox, and returns the command
// that runs it there in executor mode.
func serveSelf(listen, advertise string, log *zap.Logger) (*mesosv1.CommandInfo, func(), error) {
	self, err := os.Executable()
	if err != nil {
		return nil, nil, err
	}
	l, err := net.Listen("tcp", listen)
	if err != nil {
		return nil, nil, err
	}
	mux := http.NewServeMux()
	mux.HandleFunc("/"+executorFile, func(w http.ResponseWriter, r *http.Request) {
		log.Info("agent fetching the executor", zap.String("from", r.RemoteAddr))
		http.ServeFile(w, r, self)
	})
	srv := &http.Server{Handler: mux}
	go func() { _ = srv.Serve(l) }()
	_, port, _ := net.SplitHostPort(l.Addr().String())
	uri := fmt.Sprintf("http://%s/%s", net.JoinHostPort(advertise, port), executorFile)
	log.Info("serving the executor binary", zap.String("uri", uri))
	return fetchedCommand(uri), func() { _ = srv.Close() }, nil
}

// fetchedCommand runs the executor binary the fetcher downloads from uri.
func fetchedCommand(uri string) *mesosv1.CommandInfo {
	return &mesosv1.CommandInfo{
		Uris: []*mesosv1.CommandInfo_URI{{
			Value:      proto.String(uri),
			Executable: proto.Bool(true),
			Extract:    proto.Bool(false),
			OutputFile: proto.String(executorFile),
		}},
		Shell:     proto.Bool(false),
		Value:     proto.String("./" + executorFile),
		Arguments: []string{executorFile, "executor"},
	}
}

// localCommand runs the executor from a path the agents can read.
func localCommand(path string) *mesosv1.CommandInfo {
	return &mesosv1.CommandInfo{
		Shell:     proto.Bool(false),
		Value:     proto.String(path),
		Arguments: []string{path, "executor"},
	}
}
