package main

import (
	"encoding/json"
	"fmt"

	"github.com/spf13/cobra"

	"github.com/mactor/mactor/internal/version"
)

func newVersion() *cobra.Command {
	var asJSON bool
	cmd := &cobra.Command{
		Use:   "version",
		Short: "Print the mactor version and the versions of its key dependencies",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			info := version.Get()
			out := cmd.OutOrStdout()
			if asJSON {
				enc := json.NewEncoder(out)
				enc.SetIndent("", "  ")
				return enc.Encode(info)
			}
			fmt.Fprintf(out, "mactor %s (%s, %s)\n", info.Version, info.Go, info.Platform)
			if info.Commit != "" {
				fmt.Fprintf(out, "commit %s\n", info.Commit)
			}
			for _, k := range []string{"github.com/asynkron/protoactor-go", "google.golang.org/protobuf", "go.uber.org/zap", "go.etcd.io/bbolt"} {
				if v, ok := info.Deps[k]; ok {
					fmt.Fprintf(out, "%s %s\n", k, v)
				}
			}
			return nil
		},
	}
	cmd.Flags().BoolVar(&asJSON, "json", false, "print as JSON")
	return cmd
}
