using System.Diagnostics;
using Stm32.Build.Devices;
using Stm32.Build.Diagnostics;
using Stm32.Build.Flashing.Drivers;
using Stm32.Build.Flashing.H7;
using Stm32.Build.Flashing.Pipeline;
using Stm32.Build.Flashing.Session;
using static Stm32.Build.Flashing.Loader.H7LoaderImage.Layout;

namespace Stm32.Build.Flashing.Loader;

/// <summary>
/// Erases and programs an STM32H7 through the RAM loader, streaming: the core is reset to its reset vector (a known
/// state: no firmware instruction runs, interrupts and MPU off, 64 MHz HSI), the banks are unlocked, the first
/// sector of every bank starts erasing, the loader is written to DTCM while that runs and started; then the host
/// keeps every ring full — writing the next buffers into free slots while the loader programs earlier ones —,
/// publishes a sector's buffers once its erase has finished, and starts a bank's next sector erase as soon as the
/// loader has programmed everything of the bank's previous one, so one bank erases while the other programs and
/// both program at once. At the end the loader is told to finish, halts on its breakpoint, and the core is reset to
/// its reset vector again (the new image's). A <see cref="LoaderCannotRunException"/> means the host-driven path
/// can take over (<see cref="StopForHostAsync"/> tells what is left).
/// </summary>
internal sealed class H7StreamingProgrammer
{
    /// <summary>Buffers written into one bank's ring per pass, so the status of both banks is polled often.</summary>
    private const int LoadsPerPass = 8;

    /// <summary>How long the loader may take to report RUNNING after it is started (it does so within microseconds).</summary>
    private static readonly TimeSpan s_startTimeout = TimeSpan.FromMilliseconds(200);

    /// <summary>How long the loader may take to finish after the last buffer (it halts within microseconds).</summary>
    private static readonly TimeSpan s_finishTimeout = TimeSpan.FromMilliseconds(200);

    /// <summary>The host writes the heartbeat at least this often (the loader's lease is 2 s).</summary>
    private static readonly TimeSpan s_heartbeatPeriod = TimeSpan.FromMilliseconds(100);

    private readonly H7FlashDriver _driver;
    private readonly IDebugSession _session;
    private readonly DeviceDescription _device;
    private readonly FlashWriteOptions _options;
    private readonly CancellationToken _ct;
    private readonly H7LoaderTarget _target;
    private readonly ITargetClock _clock;
    private H7StreamPlan? _plan;
    private bool _started;
    private long _bytesDone;
    private TimeSpan? _eraseStart, _eraseEnd, _programStart, _programEnd;

    public H7StreamingProgrammer(H7FlashDriver driver, IDebugSession session, DeviceDescription device, FlashWriteOptions options, CancellationToken ct)
    {
        _driver = driver;
        _session = session;
        _device = device;
        _options = options;
        _ct = ct;
        _target = new H7LoaderTarget(session, device);
        _clock = options.Clock;
    }

    /// <summary>Runs the whole step; see the class remarks.</summary>
    public async Task<FlashWriteOutcome> RunAsync(FlashErasePlan erase, FlashProgramPlan program, (TimeSpan Erase, TimeSpan Program, TimeSpan Both) limits)
    {
        var slotSize = Math.Clamp(_session.MemoryCommandBytes / H7FlashDriver.FlashWordBytes * H7FlashDriver.FlashWordBytes, H7FlashDriver.FlashWordBytes, 16 * 1024);
        var plan = H7StreamPlan.Build(erase, program, slotSize);
        if (_target.FreeRam() is not { } ram)
        {
            throw new LoaderCannotRunException($"the {_device.Name} has no RAM at {Diagnostic.Hex(H7LoaderImage.LoadAddress)} (DTCM) for the {_device.Cores[0].Name}, where the loader runs");
        }
        if (plan.Layout(ram.Start, ram.End) is { } why)
        {
            throw new LoaderCannotRunException(why);
        }
        _plan = plan;
        var start = _clock.Now;
        try
        {
            await ResetToVectorAsync("before running the loader").ConfigureAwait(false);
            UnlockBanks();
            foreach (var bank in plan.Banks)
            {
                StartNextErase(bank);
            }
            StartLoader(plan);
            await WaitRunningAsync().ConfigureAwait(false);
            await StreamAsync(plan).ConfigureAwait(false);
            await FinishAsync().ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not LoaderCannotRunException)
        {
            // A flash error, a refused buffer, a lost probe, cancellation: stop the loader; the caller relocks.
            if (_started)
            {
                TryStopLoader();
            }
            throw;
        }
        try
        {
            await ResetToVectorAsync("after the loader finished").ConfigureAwait(false);
        }
        catch (LoaderCannotRunException)
        {
            // Everything is programmed; the boot confirmation reports a core that does not halt.
        }
        UnlockBanks();
        var end = _clock.Now;
        return new FlashWriteOutcome(FlashWriteOutcome.LoaderPath, null,
            new FlashPhaseTiming(Span(_eraseStart, _eraseEnd), erase.Bytes, limits.Erase),
            new FlashPhaseTiming(Span(_programStart, _programEnd), program.Bytes, limits.Program),
            new FlashPhaseTiming(end - start, erase.Bytes + program.Bytes, limits.Both));
    }

    private static TimeSpan Span(TimeSpan? from, TimeSpan? to) => from is { } a && to is { } b && b > a ? b - a : TimeSpan.Zero;

    /// <summary>
    /// After a <see cref="LoaderCannotRunException"/>: stops the loader, lets erases in flight end, resets the core to
    /// its reset vector and unlocks the banks again; returns what the host-driven path must still do — the sectors
    /// never erased or already partly programmed (erased again), and the flash words of every sector not done.
    /// </summary>
    public async Task<(FlashErasePlan Erase, FlashProgramPlan Program)> StopForHostAsync()
    {
        if (_plan is null)
        {
            return (new FlashErasePlan([]), new FlashProgramPlan([]));
        }
        if (_started)
        {
            TryStopLoader();
        }
        var wall = Stopwatch.StartNew();
        foreach (var bank in _plan.Banks)
        {
            while (bank.Erasing is { } job && wall.Elapsed < TimeSpan.FromSeconds(30))
            {
                _ct.ThrowIfCancellationRequested();
                if (_driver.SectorEraseFinished(job.Sector, job.EraseDeadline!))
                {
                    job.Erased = true;
                    bank.Erasing = null;
                    _options.Erased?.Invoke(job.Sector);
                }
                else
                {
                    await _clock.PauseAsync(TimeSpan.FromMilliseconds(1), _ct).ConfigureAwait(false);
                }
            }
        }
        try
        {
            await ResetToVectorAsync("after stopping the loader").ConfigureAwait(false);
        }
        catch (LoaderCannotRunException)
        {
            // The host-driven path needs no core; the boot confirmation reports a core that does not halt.
        }
        UnlockBanks();
        var left = _plan.Banks.SelectMany(b => b.Jobs).Where(j => !j.Done).ToList();
        var eraseLeft = new FlashErasePlan(left.Where(j => (j.NeedsErase && !j.Erased) || j.Published > 0).Select(j => j.Sector));
        var programLeft = new FlashProgramPlan([.. left
            .Where(j => j.Buffers.Count > 0)
            .GroupBy(j => j.Sector.Bank.Number)
            .OrderBy(g => g.Key)
            .Select(g => new BankProgram(g.First().Sector.Bank, [.. g.SelectMany(j => j.Buffers).Select(b => new ProgramRun(b.Address, b.Data))]))]);
        return (eraseLeft, programLeft);
    }

    private async Task ResetToVectorAsync(string when)
    {
        try
        {
            await new TargetConnector(_session, _device).ResetToVectorAsync(_ct).ConfigureAwait(false);
        }
        catch (FlashException ex) when (ex.Code == DiagnosticCodes.HaltFailed)
        {
            throw new LoaderCannotRunException($"the {_device.Cores[0].Name} did not halt at its reset vector {when}: {ex.Message}", ex);
        }
        catch (Stm32Exception ex) when (TargetConnector.IsTargetSilence(ex))
        {
            throw new LoaderCannotRunException($"the {_device.Cores[0].Name} could not be reset to its reset vector {when}: {ex.Message}", ex);
        }
    }

    /// <summary>A reset relocks the flash (RM0399 4.9.4: LOCK is set at reset); the caller's unlock scope relocks at the end.</summary>
    private void UnlockBanks()
    {
        foreach (var bank in _plan!.Banks)
        {
            _driver.Unlock(bank.Bank);
        }
    }

    private void StartLoader(H7StreamPlan plan)
    {
        var loaderBanks = plan.LoaderBanks.ToList();
        for (var i = 0; i < loaderBanks.Count; i++)
        {
            loaderBanks[i].LoaderIndex = i;
        }
        if (_target.Download([.. loaderBanks.Select(b => b.Plan!)], _driver.PsizeValue) is { } why)
        {
            throw new LoaderCannotRunException(why);
        }
        _target.Start();
        _started = true;
    }

    private async Task WaitRunningAsync()
    {
        var start = _clock.Now;
        var wall = Stopwatch.StartNew();
        while (true)
        {
            _ct.ThrowIfCancellationRequested();
            var status = _target.ReadStatus();
            if (status.State == StateRunning)
            {
                return;
            }
            if (status.State != StateLoaded)
            {
                throw Stopped(_target.ReadStop());
            }
            if (_clock.Now - start > s_startTimeout || wall.Elapsed > s_startTimeout + TimeSpan.FromSeconds(5))
            {
                throw new LoaderCannotRunException($"the loader did not start within {s_startTimeout.TotalMilliseconds:0} ms ({CoreState()})");
            }
            await _clock.PauseAsync(TimeSpan.FromMilliseconds(1), _ct).ConfigureAwait(false);
        }
    }

    private async Task StreamAsync(H7StreamPlan plan)
    {
        var lastSign = _clock.Now;
        var passes = 0;
        foreach (var bank in plan.Banks)
        {
            bank.LastProgress = _clock.Now;
        }
        while (!plan.Banks.All(b => b.Done && b.Erasing is null))
        {
            _ct.ThrowIfCancellationRequested();
            var status = _target.ReadStatus();
            if (status.State != StateRunning)
            {
                throw Stopped(_target.ReadStop());
            }
            var published = false;
            foreach (var bank in plan.Banks)
            {
                Complete(bank, status);
                PollErase(bank);
                Load(bank);
                published |= Publish(bank);
            }
            CheckStalled(plan);
            passes++;
            if (published || _clock.Now - lastSign >= s_heartbeatPeriod || passes >= 64)
            {
                if (!published)
                {
                    _target.Heartbeat();
                }
                lastSign = _clock.Now;
                passes = 0;
            }
            await _clock.PauseAsync(TimeSpan.FromMilliseconds(0.1), _ct).ConfigureAwait(false);
        }
    }

    /// <summary>Takes the loader's completed sequence number for the bank: frees slots, finishes jobs, reports progress.</summary>
    private void Complete(BankStream bank, LoaderStatus status)
    {
        if (bank.LoaderIndex < 0)
        {
            return;
        }
        var completed = (long)status.Completed(bank.LoaderIndex);
        if (completed <= bank.Completed)
        {
            return;
        }
        if (completed > bank.Published)
        {
            throw new LoaderCannotRunException($"the loader reports buffer {completed} of bank {bank.Bank.Number} programmed, but only {bank.Published} were published");
        }
        for (var sequence = bank.Completed + 1; sequence <= completed; sequence++)
        {
            var buffer = bank.Buffers[(int)sequence - 1];
            buffer.Job.Completed++;
            _bytesDone += buffer.Data.Length;
        }
        var last = bank.Buffers[(int)completed - 1];
        bank.Completed = completed;
        bank.LastProgress = _clock.Now;
        _programEnd = _clock.Now;
        _options.Programmed?.Invoke(new ProgramProgress(_bytesDone, last.Address + (uint)last.Data.Length));
        if (bank.Erasing is null)
        {
            StartNextErase(bank);
        }
    }

    /// <summary>Polls the bank's erase; when it finished, tells the caller and starts the next one that may start.</summary>
    private void PollErase(BankStream bank)
    {
        if (bank.Erasing is not { } job)
        {
            return;
        }
        if (!_driver.SectorEraseFinished(job.Sector, job.EraseDeadline!))
        {
            return;
        }
        job.Erased = true;
        bank.Erasing = null;
        _eraseEnd = _clock.Now;
        _options.Erased?.Invoke(job.Sector);
        StartNextErase(bank);
    }

    /// <summary>Starts the next sector erase of the bank once every earlier sector of it is done (the loader is idle there).</summary>
    private void StartNextErase(BankStream bank)
    {
        foreach (var job in bank.Jobs)
        {
            if (!job.NeedsErase || job.EraseStarted is not null)
            {
                if (!job.Done)
                {
                    return; // an earlier sector is still being erased or programmed
                }
                continue;
            }
            job.EraseStarted = _clock.Now;
            job.EraseDeadline = _driver.SectorEraseDeadline();
            _eraseStart ??= job.EraseStarted;
            _driver.StartSectorErase(job.Sector);
            bank.Erasing = job;
            return;
        }
    }

    /// <summary>Writes the next buffers into the bank's free slots (they are published once their sector is erased).</summary>
    private void Load(BankStream bank)
    {
        if (bank.Plan is not { } ring)
        {
            return;
        }
        for (var n = 0; n < LoadsPerPass && bank.NextLoad <= bank.Buffers.Count; n++)
        {
            if (bank.NextLoad - 1 - bank.Completed >= ring.SlotCount)
            {
                return; // every slot holds a buffer not yet programmed
            }
            var buffer = bank.Buffers[(int)bank.NextLoad - 1];
            _target.WriteSlot(ring, ring.SlotOf(bank.NextLoad), buffer.Data.Span);
            bank.NextLoad++;
        }
    }

    /// <summary>Publishes the loaded buffers whose sector is erased, in order, one memory command per run of slots.</summary>
    private bool Publish(BankStream bank)
    {
        if (bank.Plan is not { } ring)
        {
            return false;
        }
        var any = false;
        while (bank.Published + 1 < bank.NextLoad)
        {
            var batch = new List<(uint Address, int Length, long Sequence)>();
            var firstSlot = ring.SlotOf(bank.Published + 1);
            for (var sequence = bank.Published + 1; sequence < bank.NextLoad; sequence++)
            {
                var buffer = bank.Buffers[(int)sequence - 1];
                if (!buffer.Job.Erased || (batch.Count > 0 && ring.SlotOf(sequence) == 0))
                {
                    break;
                }
                batch.Add((buffer.Address, buffer.Data.Length, sequence));
            }
            if (batch.Count == 0)
            {
                break;
            }
            _target.Publish(ring, firstSlot, batch);
            foreach (var (_, _, sequence) in batch)
            {
                bank.Buffers[(int)sequence - 1].Job.Published++;
            }
            if (bank.Published == bank.Completed)
            {
                bank.LastProgress = _clock.Now; // the loader was idle here: its time starts now
            }
            bank.Published += batch.Count;
            _programStart ??= _clock.Now;
            any = true;
        }
        return any;
    }

    /// <summary>
    /// A bank with published buffers and no progress for the datasheet maximum of a ring's worth of flash words: the
    /// loader stopped answering. On wall time (a real probe, or a virtual board behind a server, whose time lags the
    /// wall clock on a loaded host) the stall is judged as every flash wait is (<see cref="OperationDeadline"/>): it must
    /// also have lasted enough status polls to cover the limit, or the wall cap.
    /// </summary>
    private void CheckStalled(H7StreamPlan plan)
    {
        foreach (var bank in plan.Banks)
        {
            if (bank.Published <= bank.Completed)
            {
                continue;
            }
            var limit = H7FlashTimings.WordsProgram(_driver.Parallelism, plan.SlotSize / H7FlashDriver.FlashWordBytes * 2) + TimeSpan.FromMilliseconds(200);
            bank.Quiet ??= new OperationDeadline(_clock, limit);
            if (bank.Quiet.StillRunning())
            {
                throw new LoaderCannotRunException(
                    $"the loader programmed nothing in bank {bank.Bank.Number} for {limit.TotalMilliseconds:0} ms with {bank.Published - bank.Completed} buffer(s) waiting ({CoreState()})");
            }
        }
    }

    private async Task FinishAsync()
    {
        _target.Command(CommandFinish);
        var start = _clock.Now;
        var wall = Stopwatch.StartNew();
        while (true)
        {
            _ct.ThrowIfCancellationRequested();
            var status = _target.ReadStatus();
            if (status.State == StateDone)
            {
                if ((_target.ReadDhcsr() & StLink.Target.ArmDebugRegisters.SHalt) != 0)
                {
                    _started = false;
                    return;
                }
            }
            else if (status.State != StateRunning)
            {
                throw Stopped(_target.ReadStop());
            }
            if (_clock.Now - start > s_finishTimeout || wall.Elapsed > s_finishTimeout + TimeSpan.FromSeconds(5))
            {
                throw new LoaderCannotRunException($"the loader did not finish within {s_finishTimeout.TotalMilliseconds:0} ms after the last buffer ({CoreState()})");
            }
            await _clock.PauseAsync(TimeSpan.FromMilliseconds(1), _ct).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// The exception for a loader that stopped: a flash error is the flash's (STM4102, as on the host-driven path), a
    /// refused buffer a coded error (STM4902); a fault, a bad control block or anything else lets the host take over.
    /// </summary>
    private Exception Stopped(LoaderStop stop)
    {
        var bank = _plan?.LoaderBanks.FirstOrDefault(b => b.LoaderIndex == stop.ErrorBank);
        switch (stop.State)
        {
            case StateFlashError when bank is not null:
                try
                {
                    _driver.ThrowFlashError(bank.Bank, stop.ErrorSr, $"programming (loader, buffer {stop.ErrorDetail})", stop.ErrorAddress);
                }
                catch (FlashException ex)
                {
                    return ex;
                }
                return new LoaderCannotRunException($"the loader stopped with a flash error but FLASH_SR{bank.Bank.Number} = 0x{stop.ErrorSr:X8} has no error flag");
            case StatePlanError:
                return FlashErrors.Create(DiagnosticCodes.FlashLoaderPlanRefused,
                    $"the loader refused buffer {stop.ErrorDetail} of bank {bank?.Bank.Number.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "?"}: {stop.ErrorSr} bytes at {Diagnostic.Hex(stop.ErrorAddress)} are not whole flash words inside the sectors it was told to program; nothing of it was written",
                    stop.ErrorAddress);
            case StateFault:
                return new LoaderCannotRunException($"the loader took exception {stop.ErrorDetail} at {Diagnostic.Hex(stop.ErrorAddress)}");
            case StateBadControl:
                return new LoaderCannotRunException("the loader found its control block inconsistent (the RAM did not keep what was written)");
            case StateLocked:
                return new LoaderCannotRunException($"the loader found flash bank {bank?.Bank.Number.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "?"} locked");
            case StateAbandoned:
                return new LoaderCannotRunException("the loader gave up waiting for the host (its lease ran out) and relocked the flash");
            default:
                return new LoaderCannotRunException($"the loader stopped in state {stop.State} ({CoreState()})");
        }
    }

    private string CoreState()
    {
        try
        {
            var dhcsr = _target.ReadDhcsr();
            var what = (dhcsr & StLink.Target.ArmDebugRegisters.SLockup) != 0 ? "locked up"
                : (dhcsr & StLink.Target.ArmDebugRegisters.SHalt) != 0 ? "halted"
                : (dhcsr & StLink.Target.ArmDebugRegisters.SSleep) != 0 ? "sleeping" : "running";
            return $"the {_device.Cores[0].Name} is {what}, DHCSR 0x{dhcsr:X8}";
        }
        catch (Stm32Exception ex)
        {
            return $"DHCSR unreadable: {ex.Message}";
        }
    }

    /// <summary>Tells the loader to stop and halts the core, best effort (the caller is already failing).</summary>
    public void TryStopLoader()
    {
        try
        {
            _target.Command(CommandAbort);
            _target.Halt();
        }
        catch (Stm32Exception)
        {
            // The probe or the target is gone; the loader relocks the flash itself when its lease runs out.
        }
        _started = false;
    }
}
