// Every test starts `stm32 sim usb` processes that share the machine's CPU and the per-user lock directory's
// conventions; they run one after another, never in parallel with each other.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
