package main

import (
	"bufio"
	"context"
	"errors"
	"flag"
	"fmt"
	"os"
	"strings"
	"text/tabwriter"

	"github.com/sohoa/sohoa/internal/audit"
	"github.com/sohoa/sohoa/internal/auth"
	"github.com/sohoa/sohoa/internal/config"
	"github.com/sohoa/sohoa/internal/signing"
)

func init() {
	register(command{
		name:    "users",
		summary: "accounts: users add --role R --name N [--office X|--id-number N] [--username U --password-stdin] | users list | users token ID",
		run:     runUsers,
	})
	register(command{
		name:    "keys",
		summary: "signing keys: keys gen --office X [--clerk Y] | keys list",
		run:     runKeys,
	})
}

func usersUsage() {
	fmt.Fprintln(os.Stderr, `usage: sohoa users add --role clerk|citizen|auditor|admin --name NAME [--office CODE] [--id-number 12DIGITS] [--username U --password-stdin]
       sohoa users list
       sohoa users token USER_ID     (a new API token for an existing user)`)
}

func runUsers(ctx context.Context, args []string) error {
	if len(args) == 0 {
		usersUsage()
		return exitError{2}
	}
	a, err := openApp(ctx, config.FromEnv(), false)
	if err != nil {
		return err
	}
	defer a.Close()
	svc, err := auth.NewService(a.store, auth.Options{SecretKey: a.secret})
	if err != nil {
		return err
	}
	log := audit.New(a.store, audit.Options{HeadKey: audit.HeadKeyFrom(a.secret)})
	actor := audit.Entry{ActorID: "cli:" + os.Getenv("USER"), ActorRole: "operator"}

	switch args[0] {
	case "add":
		fs := flag.NewFlagSet("users add", flag.ContinueOnError)
		role := fs.String("role", "", "clerk, citizen, auditor or admin")
		name := fs.String("name", "", "full name")
		office := fs.String("office", "", "office code (clerks)")
		idNumber := fs.String("id-number", "", "12-digit personal ID number (citizens)")
		username := fs.String("username", "", "login name for the web interface (optional)")
		pwStdin := fs.Bool("password-stdin", false, "read the web password from the first line of stdin")
		if err := fs.Parse(args[1:]); err != nil {
			return exitError{2}
		}
		var password string
		if *pwStdin {
			line, err := bufio.NewReader(os.Stdin).ReadString('\n')
			if err != nil && line == "" {
				return fmt.Errorf("read password: %w", err)
			}
			password = strings.TrimRight(line, "\r\n")
		}
		u, err := svc.AddUser(ctx, auth.User{Username: *username, Name: *name, Role: *role, Office: *office, IDNumber: *idNumber}, password)
		if err != nil {
			return err
		}
		token, err := svc.CreateToken(ctx, u.ID, "users add")
		if err != nil {
			return err
		}
		e := actor
		e.Action, e.Detail = audit.ActionUserAdd, fmt.Sprintf("user %s role %s office %s", u.ID, u.Role, u.Office)
		if _, err := log.Append(ctx, e); err != nil {
			return fmt.Errorf("audit: %w", err)
		}
		fmt.Fprintf(os.Stderr, "user %s (%s, %s) created; API token (shown once, keep it secret):\n", u.ID, u.Name, u.Role)
		fmt.Println(token)
		return nil
	case "token":
		if len(args) != 2 {
			usersUsage()
			return exitError{2}
		}
		token, err := svc.CreateToken(ctx, args[1], "users token")
		if err != nil {
			return err
		}
		e := actor
		e.Action, e.Detail = audit.ActionTokenCreate, "token for user "+args[1]
		if _, err := log.Append(ctx, e); err != nil {
			return fmt.Errorf("audit: %w", err)
		}
		fmt.Println(token)
		return nil
	case "list":
		users, err := svc.Users(ctx)
		if err != nil {
			return err
		}
		tw := tabwriter.NewWriter(os.Stdout, 0, 0, 2, ' ', 0)
		fmt.Fprintln(tw, "ID\tUSERNAME\tNAME\tROLE\tOFFICE\tID NUMBER\tDISABLED")
		for _, u := range users {
			fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%s\t%v\n", u.ID, u.Username, u.Name, u.Role, u.Office, u.IDNumber, u.Disabled)
		}
		return tw.Flush()
	}
	usersUsage()
	return exitError{2}
}

func runKeys(ctx context.Context, args []string) error {
	if len(args) == 0 {
		fmt.Fprintln(os.Stderr, "usage: sohoa keys gen --office CODE [--clerk USER] [--dir DIR]\n       sohoa keys list [--dir DIR]")
		return exitError{2}
	}
	cfg := config.FromEnv()
	defDir := cfg.SigningKeyDir
	if defDir == "" {
		defDir = signing.DefaultDir()
	}
	fs := flag.NewFlagSet("keys "+args[0], flag.ContinueOnError)
	dir := fs.String("dir", defDir, "key folder (SOHOA_SIGNING_KEY_DIR); must be outside the repository")
	office := fs.String("office", "", "office code")
	clerk := fs.String("clerk", "", "clerk user id; empty: the office's key")
	if err := fs.Parse(args[1:]); err != nil {
		return exitError{2}
	}
	switch args[0] {
	case "gen":
		if *office == "" {
			return errors.New("--office is required")
		}
		s, err := signing.Generate(*office, *clerk)
		if err != nil {
			return err
		}
		keyPath, pubPath, err := s.WriteFiles(*dir)
		if err != nil {
			return err
		}
		fmt.Printf("key %s for office %s clerk %q\nprivate: %s (keep secret)\npublic:  %s (give to verifiers)\n",
			s.Public().KeyID, *office, *clerk, keyPath, pubPath)
		return nil
	case "list":
		ring, err := signing.LoadDir(*dir)
		if err != nil {
			return err
		}
		tw := tabwriter.NewWriter(os.Stdout, 0, 0, 2, ' ', 0)
		fmt.Fprintln(tw, "KEY ID\tOFFICE\tCLERK\tPRIVATE")
		for _, p := range ring.List() {
			s, ok := ring.Signer(p.Office, p.Clerk)
			priv := ok && s.Public().KeyID == p.KeyID // not the office key standing in
			fmt.Fprintf(tw, "%s\t%s\t%s\t%v\n", p.KeyID, p.Office, p.Clerk, priv)
		}
		return tw.Flush()
	}
	return fmt.Errorf("unknown subcommand %q", args[0])
}
