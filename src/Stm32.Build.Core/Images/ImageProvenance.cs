namespace Stm32.Build.Images;

/// <summary>
/// A run of image bytes stored contiguously in the reader's buffer at one target address. Chunks are kept sorted by
/// address and never overlap once the image is built.
/// </summary>
internal readonly record struct ImageChunk(uint Address, int BufferOffset, int Length)
{
    public ulong End => (ulong)Address + (ulong)Length;
}

/// <summary>
/// Where a run of buffer bytes came from. Runs are kept in buffer order (file order). For text formats a run covers
/// consecutive records of <see cref="Stride"/> bytes on consecutive lines starting at line <see cref="Origin"/>; for
/// binary formats (<see cref="Stride"/> zero) <see cref="Origin"/> is the file offset of the run's first byte.
/// </summary>
internal readonly record struct ProvenanceRun(int BufferOffset, int Length, long Origin, int Stride)
{
    public int BufferEnd => BufferOffset + Length;
}
