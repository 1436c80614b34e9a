using RegionLock.Ledger.Devices;

namespace RegionLock.Ledger.Tests.Devices;

public class ImeiTests
{
    [Theory]
    [InlineData("490154203237518")] // the example IMEI of 3GPP TS 23.003
    [InlineData("356938035643809")]
    [InlineData("000000000000000")]
    public void valid_imei_passes_the_luhn_check(string imei) => Assert.True(Imei.IsValid(imei));

    [Theory]
    [InlineData("490154203237519")] // wrong check digit
    [InlineData("49015420323751")] // 14 digits
    [InlineData("4901542032375180")] // 16 digits
    [InlineData("49015420323751a")]
    [InlineData("４９０１５４２０３２３７５１８")] // full-width digits are not ASCII digits
    [InlineData("")]
    [InlineData(null)]
    public void anything_else_is_refused(string? imei) => Assert.False(Imei.IsValid(imei));

    [Fact]
    public void check_digit_of_every_payload_makes_a_valid_imei()
    {
        var random = new Random(7);
        for (var i = 0; i < 1000; i++)
        {
            var payload = string.Concat(Enumerable.Range(0, 14).Select(_ => random.Next(10)));
            var imei = payload + Imei.CheckDigit(payload);
            Assert.True(Imei.IsValid(imei), imei);
            var wrong = payload + (Imei.CheckDigit(payload) + 1) % 10;
            Assert.False(Imei.IsValid(wrong), wrong);
        }
    }
}
