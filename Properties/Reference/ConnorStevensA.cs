using HHFunctional.Core.Engine;
using HHFunctional.Core.Model;

namespace HHFunctional.Properties.Reference;

/// <summary>
/// The Connor–Stevens transient A-type potassium current (Connor, Walter &amp; McKown 1977) as a user channel, with the
/// constants Dayan &amp; Abbott print (Theoretical Neuroscience, ch. 6, p. 224): I_A = g_A·a³·b·(V − E_A),
/// da/dt = (a∞ − a)/τ_a, db/dt = (b∞ − b)/τ_b. The README's library sample; Reference/Fixtures/acurrent holds the Brian2 run.
/// </summary>
public readonly struct ConnorStevensA : IChannelKinetics<ConnorStevensA>
{
    private static readonly ChannelGate[] GateList = { new("a", 3), new("b", 1) };

    public static IReadOnlyList<ChannelGate> Gates => GateList;

    public static GateRates<T> Rates<T>(int gate, T v) where T : struct, ILane<T>
    {
        T C(double x) => T.Broadcast(x);
        if (gate == 0)
        {
            // a∞ = (0.0761·e^{0.0314(V+94.22)} / (1 + e^{0.0346(V+1.17)}))^{1/3},  τ_a = 0.3632 + 1.158/(1 + e^{0.0497(V+55.96)}) ms
            var ratio = C(0.0761) * T.Exp(C(0.0314) * (v + C(94.22))) / (C(1) + T.Exp(C(0.0346) * (v + C(1.17))));
            var aInf = T.Exp(T.DivideBy(T.Log(ratio), 3.0));
            var tauA = C(0.3632) + C(1.158) / (C(1) + T.Exp(C(0.0497) * (v + C(55.96))));
            return GateRates<T>.FromSteadyState(aInf, tauA);
        }
        // b∞ = (1/(1 + e^{0.0688(V+53.3)}))⁴,  τ_b = 1.24 + 2.678/(1 + e^{0.0624(V+50)}) ms
        var bInf = T.Fourth(C(1) / (C(1) + T.Exp(C(0.0688) * (v + C(53.3)))));
        var tauB = C(1.24) + C(2.678) / (C(1) + T.Exp(C(0.0624) * (v + C(50))));
        return GateRates<T>.FromSteadyState(bInf, tauB);
    }
}
