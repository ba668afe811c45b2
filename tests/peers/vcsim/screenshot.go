package main

// Screens of the -console (mksagent's addition; govmomi has neither):
//   - VirtualMachine.CreateScreenshot_Task writes the PNG into the VM's directory on its
//     datastore as <vm>-<n>.png and its task's result is "[ds] dir/<vm>-<n>.png", or with
//     -screenshot-path vmfs "/vmfs/volumes/<ds>/dir/<vm>-<n>.png". The file is served by
//     the simulator's /folder and removed by FileManager.DeleteDatastoreFile_Task.
//   - GET /screen?id=<vm moref> (as govc vm.console -capture uses): 401 without a valid
//     vmware_soap_session cookie, 404 for an unknown VM (and always with -no-screen), 409
//     when the VM is not powered on, else the PNG.
// A console failure (or no -console) faults SystemError at once rather than in the task,
// so its text reaches the client as the fault's message.

import (
	"fmt"
	"net/http"
	"os"
	"path"

	"github.com/vmware/govmomi/object"
	"github.com/vmware/govmomi/simulator"
	"github.com/vmware/govmomi/vim25/methods"
	"github.com/vmware/govmomi/vim25/soap"
	"github.com/vmware/govmomi/vim25/types"
)

func systemError(text string) *soap.Fault {
	return simulator.Fault(text, &types.SystemError{Reason: text})
}

// vmDirectory: the datastore's name, its local directory and the VM's directory in it.
func (vm *TicketVM) vmDirectory() (string, string, string, error) {
	var p object.DatastorePath
	if !p.FromString(vm.Config.Files.VmPathName) {
		return "", "", "", fmt.Errorf("bad vmPathName %q", vm.Config.Files.VmPathName)
	}
	for _, ref := range vm.Datastore {
		if ds, ok := simulator.Map.Get(ref).(*simulator.Datastore); ok && ds.Name == p.Datastore {
			return ds.Name, ds.Info.GetDatastoreInfo().Url, path.Dir(p.Path), nil
		}
	}
	return "", "", "", fmt.Errorf("datastore %q of %s not found", p.Datastore, vm.Name)
}

// saveScreenshot writes the console's screen next to the VMX and returns the result path.
func (vm *TicketVM) saveScreenshot() (string, error) {
	if vm.peer.console == nil {
		return "", fmt.Errorf("no console behind this simulator (start it with -console URL)")
	}
	png, err := vm.peer.console.screen(vm.Self.Value)
	if err != nil {
		return "", err
	}
	dsName, dsDir, dir, err := vm.vmDirectory()
	if err != nil {
		return "", err
	}
	vm.shots++
	file := path.Join(dir, fmt.Sprintf("%s-%d.png", vm.Name, vm.shots))
	if err := os.MkdirAll(path.Join(dsDir, dir), 0o700); err != nil {
		return "", err
	}
	if err := os.WriteFile(path.Join(dsDir, file), png, 0o600); err != nil {
		return "", err
	}
	if vm.peer.vmfsPaths {
		return path.Join("/vmfs/volumes", dsName, file), nil
	}
	return fmt.Sprintf("[%s] %s", dsName, file), nil
}

func (vm *TicketVM) CreateScreenshotTask(ctx *simulator.Context, req *types.CreateScreenshot_Task) soap.HasFault {
	body := &methods.CreateScreenshot_TaskBody{}
	if body.Fault_ = vm.mayInteract(ctx, privScreenshot); body.Fault_ != nil {
		return body
	}
	result, err := vm.saveScreenshot()
	if err != nil {
		body.Fault_ = systemError(err.Error())
		return body
	}
	task := simulator.CreateTask(vm, "createScreenshot", func(*simulator.Task) (types.AnyType, types.BaseMethodFault) {
		return result, nil
	})
	body.Res = &types.CreateScreenshot_TaskResponse{Returnval: task.Run()}
	return body
}

// serveScreen answers GET /screen?id=vm-N.
func (p *consolePeer) serveScreen(w http.ResponseWriter, r *http.Request) {
	if p.noScreen {
		http.NotFound(w, r)
		return
	}
	cookie, err := r.Cookie(soap.SessionCookieName)
	if err != nil {
		http.Error(w, "log in first: no vmware_soap_session cookie", http.StatusUnauthorized)
		return
	}
	if _, ok := p.access.sessionUser(cookie.Value); !ok {
		http.Error(w, "the session is not valid: log in again", http.StatusUnauthorized)
		return
	}
	ref := types.ManagedObjectReference{Type: "VirtualMachine", Value: r.URL.Query().Get("id")}
	vm, ok := simulator.Map.Get(ref).(*TicketVM)
	if !ok {
		http.Error(w, "no virtual machine "+ref.Value, http.StatusNotFound)
		return
	}
	var state types.VirtualMachinePowerState
	simulator.Map.WithLock(vm, func() { state = vm.Runtime.PowerState })
	if state != types.VirtualMachinePowerStatePoweredOn {
		http.Error(w, fmt.Sprintf("the virtual machine is %s", state), http.StatusConflict)
		return
	}
	if p.console == nil {
		http.Error(w, "no console behind this simulator", http.StatusServiceUnavailable)
		return
	}
	png, err := p.console.screen(ref.Value)
	if err != nil {
		http.Error(w, err.Error(), http.StatusBadGateway)
		return
	}
	w.Header().Set("Content-Type", "image/png")
	_, _ = w.Write(png)
}
