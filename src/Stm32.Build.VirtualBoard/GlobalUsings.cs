global using Stm32.Build.VirtualBoard.Peripherals;
