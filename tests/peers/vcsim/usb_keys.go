package main

// VirtualMachine.PutUsbScanCodes (mksagent's addition; govmomi 0.24.2 lacks it): the keys go
// to the -console as USB HID usages with their modifiers, so the simulated guest's layout
// decodes them as a real guest's would. Without -console it returns the number of events.

import (
	"github.com/vmware/govmomi/simulator"
	"github.com/vmware/govmomi/vim25/methods"
	"github.com/vmware/govmomi/vim25/soap"
	"github.com/vmware/govmomi/vim25/types"
)

func (vm *TicketVM) PutUsbScanCodes(ctx *simulator.Context, req *types.PutUsbScanCodes) soap.HasFault {
	body := &methods.PutUsbScanCodesBody{}
	if body.Fault_ = vm.mayInteract(ctx, privUsbKeys); body.Fault_ != nil {
		return body
	}
	count := int32(len(req.Spec.KeyEvents))
	if vm.peer.console != nil {
		typed, err := vm.peer.console.typeKeys(vm.Self.Value, usbKeys(req.Spec))
		if err != nil {
			body.Fault_ = simulator.Fault(err.Error(), &types.SystemError{Reason: err.Error()})
			return body
		}
		count = typed
	}
	body.Res = &types.PutUsbScanCodesResponse{Returnval: count}
	return body
}

// mayInteract: NoPermission when the session's user lacks `priv`, InvalidPowerState unless
// the VM is powered on, else nil.
func (vm *TicketVM) mayInteract(ctx *simulator.Context, priv string) *soap.Fault {
	user := ""
	if ctx.Session != nil {
		user = ctx.Session.UserName
	}
	if f := vm.peer.access.check(user, vm.Self, priv); f != nil {
		return f
	}
	if vm.Runtime.PowerState != types.VirtualMachinePowerStatePoweredOn {
		return simulator.Fault("", &types.InvalidPowerState{
			RequestedState: types.VirtualMachinePowerStatePoweredOn,
			ExistingState:  vm.Runtime.PowerState,
		})
	}
	return nil
}
