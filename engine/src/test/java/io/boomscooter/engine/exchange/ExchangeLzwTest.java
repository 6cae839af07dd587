package io.boomscooter.engine.exchange;

import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Random;
import java.util.zip.CRC32;

import static io.boomscooter.engine.exchange.ExchangeCompression.MALFORMED;
import static io.boomscooter.engine.exchange.ExchangeCompression.TOO_LONG;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@link ExchangeLzw} against Go 1.19's {@code compress/lzw} (LSB, 8-bit literals, as gofast uses it): the hex
 * constants are what Go's writer produced for the inputs below (Write then Close); Java must decode them and
 * produce the same bytes. The repeated input writes 4449 codes, so Go's writer clears its full table once.
 */
class ExchangeLzwTest
{
    private static final int MAX = 64 * 1024;

    private static final String GO_HELLO = "00d19461c3e64d40";
    private static final String GO_JSON =
        "00f788484346840e182c44b809d3a68c411173c6bc7943a78c1c1109dfac3148474e9d327d580824683046c2850d1f469c58f162c68d" +
        "3a3a7e0c39b2a00e1927193ad4015122458b184568e4e811a4c8813667e44cc973e54f974261ca345ad3208da53b7bb204fa92e8cca3" +
        "2475d4c0aad267cba0436316a589d4a00db24dcd728dea956a5b1d37e06a7d8a56ea5ab03671e8757ab6abdaaf5575e4182c176adaa9" +
        "6cc3c640a85067d9ad8efd22be1bc36465a67b0bd33d6c5732cecf5909cf7dfc37710ca5a82ff3350c1970c9abb1e362ee5b37b2cd18" +
        "6373875eadb9f4efb7c25567ee6d5b478cbcc91bf326edbba4e0e8bb69b7e6bc18fbecd1b513cba08c32b574ed9bc3caf05c5eb668d6" +
        "e96dca38dd5ef777f8c60dca805d7ff872eacdc9805b7fca4d17de5d320447e079e06da71e720b66d7607cfa4117e17dc50504";
    private static final String GO_RANDOM =
        "008df909b466c93e71fba8d8ebf58d0f87708702fc8ae1cd8a9c0747ce9839944515221e59d45999b0475aa150d87850a9f2e286ab32" +
        "5bb409c88389d9380d761c7dc996e9d1871f36dc0dc1d3a4813e5fa6b49133e4885b8a364efe59090707c4be47b1b01480542c01b729" +
        "cd54ed409249ca34299d0c7c52574b9881099892c80ae081950c443138493152298e8d4757ece5e860411f223af530f1b9c025c8ae36" +
        "711c3d8093e558800d2f66f48804ac43a9060d56cd68e4c7cb231fe6d0d031a523d6b04911509139b64d193830e1e6fd4a00e08ca871" +
        "2540858871a89a9862a89ef87191600da54fb0daa4f2a465811138806c3d3bc2c0542915d858ed03b5ee561e127246484202a898a953" +
        "856e5d630489dcaa3144a49819c76946897c5ea8a2cb1c6074b1441c7ef8920a23576410c730ca78518e0a33b08248146684b2471d67" +
        "90a1491aefbc618510a07410453102dcb38b24450404";
    private static final String GO_REPEATED =
        "00a70ceb83c711ad26b790bc6863a4478672704830d9056a1c167e78e8e86314ab129757b5644898e26f52b4112c8ab463922e59a606" +
        "7dfe710b00234a15166340c13ad6c61d396636a0c900622952b7216b4ca8c2c6c79a853a114c6951e2c4d08728537804d0608182312a" +
        "fb886cd1802384a401eb087442874f9f9239a45ef06b330f431b62c1c494e832aa53ae4f7b5011dbd56ddba95e25ee01a042c5d9ba30" +
        "af64ed1362e1d3bd6d25505041c340841d032f249cd2c7e7ca3464902e24a897489d2c4ba9923c0a05ab161d78f64e19a3a04487ad6f" +
        "8d34e980e58005343ea5f6c80be5a81c96350b14c013830b9ea72caceccdc241e5cf0b4210b4dc9aa5681e1519db76c493c125cb241b" +
        "4c1a58f16202dd8a38c05c4c5935c29026262ea0414537e90c910110aac401c41fea6cc34114e4b091cf1af3dc404d23a99ce10d12ae" +
        "a8f3ca235f74a3440122d8520d008bcc5001183018b0ca044cf400c11816cc218501dfe0c20839ee046182291c4023cd002e88134432" +
        "f568924a2b27c0810f35fc64524d0788d4b0450de95182853624dc720e375a88f00a015f58304f18bdd0f08331b2ecc28e1a97fc2107" +
        "1014a002470506c0d0c71a2b68c0ca0593cc110e27c728708d11b6b8d38e0163b0324b04501481c30da9c4130101315ca20226ed1cc0" +
        "841192f423c73bb058b34c079b40f088371c0c228819dc849104198cbc03070827de90c500367c104e1cf8e4408f2c32a4d00521cff4" +
        "73441df8c042ce1409f0f14b15588c238e02a5f0714a015ff8e145119c3840ca19d620e1c722663c808301c25402003377a412c426e4" +
        "0c130c3abc4493872239fc82430a2124634f197a00928f310c74a28a199b24420318e1a022ce3d4da45183217e3c800c0b7ef040ce0c" +
        "bf08310e11d6a4504413f90042890b3a90838f0980489109004ab0704b3f2430b00820e530d10d1fad48218627a270b28d0e653ce28e" +
        "3d56fc330c0e8df4e105149390f14b19e488b24b08251c810907253cb3460295c020c3288788124b15a9c0d0002b3e0c90421fe0a441" +
        "4c35f7a0f24429f814f2880a5e4c728f0769f0300c289944420d39e944f38426ccec42cf07e850e2831995dcf34329147ca1c32f8fd4" +
        "e10f1dd56850c012d2d000c50ecfe40000076ff4410b3465ec600a0c0313828b0c2c40308f3c4ed8510a2422c4a14b1a6470100f05c1" +
        "6082c417218c614203b8ccb18414cc588087024424d24d2ff468710415aaf861c025f8c4f0891bbf4462033506eba289181e3813ce00" +
        "ece851c53f1e58a242109f90c73518400a2354021986e886251a01060018200e6d18813022e101696c431cfec842326a61041bbc6101" +
        "3ff881343cc185496482151310021104f1075eb08019b7d0c70f3cc10e37dc21084458c5077ca1076a1483053230863f74d181027083" +
        "0fd13803eeca300840a4011ad738c637feb18b77e003170978c01c62900832f0e10d1f88002ec0408b4b44e016e490401016c1861c80" +
        "e0155198802b9e110d3d80e3090b88c20ac6d1064244c31de120863b38710b0004c11751d01a1a20e10865304100db10433590f10468" +
        "0c00099df0410230d18502a0a214cfb085124e00057374a30898e8451d0e908b1e80e20fd79802226e810a5030230bab20c006427002" +
        "77506200ea30433836f08b6b34003b9e48413ae03185518ce117da08c32d76810250584306d58044083460865548a21958c886400862" +
        "10842884210e8188442862118c6884231e01894848621294a884252e81894c6862139ce884273e018a50886214a42885294e818a54a8" +
        "6215ac68852b5e018b58c86216b4a8852d6e818b5ce86217bce8852f7e018c60086318c42886318e818c64286319cc6886339e018d68" +
        "48631ad4a88635ae818d6c68631bdce88637be018e7088631ce4288739ce818e74a8631dec68873bde018f78c8631ef4a8873dee818f" +
        "7ce8631ffce8873ffe019080086420042988410e8290842864210c6988431e02918848642214a988452e82918c6864231ce988473e02" +
        "9290886424242989494e829294a864252ced404b5cf21298c4442633a1494d6c72139ce444273be1494f7cf213a004452843214a518c" +
        "7214a42445294b614a539cf214a844452a53a14a55ac7215ac64452b5be10a00bae295af80252c62190b59ca6296b3a0252d6a590b5b" +
        "dae296b7c0252e72990b5dea6297bbe0252f7ad90b5ffae297bf00263082190c610a6398c32026318a590c631ae398c740263292990c" +
        "652a6399cb6026339ad90c673ae399cf802634a2190d694a639ad3a02635aa590d6b5ae39ad7c02636b2990d6d6a639bdbe02637bad9" +
        "0d6f7ae39bdf002738c2190e718a639ce3202739ca590e739ae39ce740273ad2990e75aa639deb60273bdad96e89bae39def80273ce2" +
        "190f79ca639ef3a0273dea590f7bdae39ef7c0273ef2990f7dea639ffbe0970ff9d1cf7ef8d31ffffc07400112d080085420031d0841" +
        "0952d08218d420073d08421192d0842854210b5d084319d2d08638d4210f7d08442112d1884854e2c09af8c4284eb18a57cce216bbf8" +
        "c5308eb18c674ce31adbf8c638ceb18e77cce31efbf8c7400eb290874ce42e16d9c84746729295bc642637d9c94f867294a53c652a57" +
        "d9ca57c67296b5bc652e77d9cb5f067398c53c262b92b9cc663e339ad3ace635b3b9cd6e7e339ce32cc84112b290863c242213a9c845" +
        "32b2918e7c24242329c94952b29296bc242633a9c94d72b2939efc24284329ca5192b294a63c252a53a9ca55b2b295ae7c252c6329cb" +
        "59d2b296b6bc252e73a9cb5df2b297befc25308329cc6112b398c63c263293a9cc6532b399ce7c2634a329cd6952b39ad6bc2636b3a9" +
        "cd6d72b39bdefc2638c329ce7192b39ce63c273ad3a9ce75b2b39dee7c273ce329cf79d2b39ef6bc273ef3a9cf7df2b39ffefc274003" +
        "2ad08112b4a0063d284213aad08532b4a10e7d2844232ad18952b4a216bd284633aad18d72b4a31efd2848432ad29192b4a4263d294a" +
        "53aad295b2b4a52e7d294c632ad399d2b4a636bd294e73aad39df2b4a73efd2950832ad4a112b5a8463d2a5293aad4a532b5a94e7d2a" +
        "54a32ad5a952b5aa56bd2a56b3aad5ad72b5ab5efd2a58c32ad6b192b5ac663d2b5ad3aad6b5b2b5ad6e7d2b5ce32ad7b9d2b5ae76bd" +
        "2b5ef3aad7bdf2b5af7efd2b60032bd8c112b6b0863d2c6213abd8c532b6b18e7d2c64232bd9c952b6b296bd2c6633abd9cd72b6b39e" +
        "fd2c68432bdad192b6b4a63d2d6a5353355793355bd3355f13366353366793366bd3366f13377353377793377bd3377f133883533887" +
        "93388bd3388f13399353399793399bd3399f133aa3533aa7933aabd33aaf133bb3533bb7933bbbd33bbf133cc3533cc7933ccbd33ccf" +
        "133dd3533dd7933ddbd33ddf133ee3533ee7933eebd33eef133ff3533ff7933ffbd33fff13400354400794400bd4400f144113544117" +
        "94411bd4411f14422354422794422bd4422f14433354433794433bd4433f14444354444794444bc46850244554644558a4455ce44560" +
        "244664644668a4466ce44670244774644778a4477ce44780244884644888a4488ce44890244994644998a4499ce449a0244aa4644aa8" +
        "a44aace44ab0244bb4644bb8a44bbce44bc0244cc4644cc8a44ccce44cd0244dd4644dd8a44ddce44de0244e03a16de6d46de9046eec" +
        "346eef646ef2946ef5c46ef8f46efb246ffe546f01856f04b56f07e56f0a15700d457010757013a57016d5701905711c35711f657122" +
        "957125c57128f5712b25722e557231857234b57237e5723a15733d457340757343a57346d5734905744c35744f657452957455c57458" +
        "f5745b25755e557561857564b57567e5756a15766d457670757673a57676d5767905777c35777f657782957785c57788f5778b25788e" +
        "05598637598967598c97598fc75992f75995275a98575a9b875a9eb75aa1e75aa4175ba7475baa775bada75bb0d75bb3075cb5375cb8" +
        "675cbb975cbec75cc1f75cc4275dc7575dca875dcdb75dd0e75dd3175ed6475ed9775edca75edfd75ee2075fe5375fe8675feb975fee" +
        "c75ff1f75ff42760f75760fa8760fdb76000e8600318610648610978610ca8610fd8611208621538621868621b98621ec86221f86224" +
        "28632758632a88632db86330e86333580641668344968347c6834af6834d268450568453868456b68459e6845ce66552186655486658" +
        "78665ba8665ed8666108676438676768676a98676dc86770f8677328687658687988687cb8684ef4878f268892568895868898b6889b" +
        "e6889e1689a14689a47689a7a689aac66a9ef86aa1286ba4586ba7886baab86bade86bb0186cb3486cb6786cb9a86cccd68bcf068cd2" +
        "368cd5668cd8968ce5c46de8f46deb246eee546ef1846ef4b46ef7e46efa146ffd446f00756f03a56f06d56f0905700c35700f657012" +
        "957015c57018f5701b25711e557121857124b57127e5712a15722d457230757233a57236d5723905733c35733f657342957345c57348" +
        "f5734b25744e557451857454b57457e5745a15755d457560757563a57566d5756905766c35766f657672957675c57678f5767b25777e" +
        "557781857784b57787e5778a15788d457891757894a57897d5789a05799d3579a06579a39579a6c579a9f579ac257aaf557ab2857ab5" +
        "b57ab8e57abb157bbe457bc2757bc5a57bc8d57bcb057cce357cd1657cd4957cd7c57cdaf57cdd257de0557de3857de6b57de9e57dec" +
        "157eef457ef2757ef5a57ef8d57efb057ffe357f01667f04967f07c67f0af67f0d268010568013868016b68019e6801c16811f468122" +
        "768125a68128d6812b06822e368231668234968237c6823af6823d268340568343868346b68349e6834c16844f468452768455a68458" +
        "d6845b06855f368562668565968568c6856bf6856e268671568674868677b6867ae6867d168780468783768786a68789d687e5e96881" +
        "18698448698778698aa8698dd86990086a93386a96686a99986a9cd86a9f086ba2386ba5686ba8986babc86baef86bb1286cb4586cb7" +
        "886cbab86cbce86cbf186dc2486dc5786dc8484edb764edea64ee1d64ee4064fe7364fea664fed964ff0c64ff3f64ff62650f95650fc" +
        "8650ffb65002e7500517510847510b77510ea75111d7511407521737521a67521d975220c75223f7522627532957532c87532fb75332" +
        "e7533517543847543b77543ea75441d7544407554737554a67554d975550c75553f7555627565957565c87565fb75662e75665175768" +
        "47576b77576ea75771d7577407587737587a67587d975880c75883f7588527598857598b87598eb75991e75994175a97475a9a775a9d" +
        "a75aa0d75aa3075ba6375ba9675bac975bafc75bb2f75bc1657bc4957bc7c57bcaf57bcd257cd0557cd3857cd6b57cd9e57cdc157ddf" +
        "457de2757de5a57de8d57deb057eee357ef1657ef4957ef7c57efaf57efd257f00567f03867f06b67f09e67f0c16800f468012768015" +
        "a68018d6801b06811e368121668124968127c6812af6812d268230568233868236b68239e6823c16833f468342768345a68348d6834b" +
        "06844e368451668454968457c6845af6845d168560468563768566a68569d6856c06866f368672668675968678c6867bf6867e268781" +
        "568784868787b6878ac644310b8890368893668896968899c6889cf6889f2689a25689a58689a8b689abd689ae068ab1368ab4668ab7" +
        "968abac68abdf68ac0268bc3568bc6868bc9b68bcde68bd0168cd3468cd6768cd996a166db8c1daab6d118a26e5b8d252ab7d998a276" +
        "db8d2daab7e118a37e5b8e352ab8e998a386db8e3daab8f118a48e5b8f452ab9f998a496db8f4daab90119a59e5b90552aba0999a5a6" +
        "db905daaba1119a6ae5b91652abb1999a6b6db916daabb2119a7be5b92752abc2999a7c6db927daabc3119a8ce5b93852abd3999a8d6" +
        "bba83ea9bd8f2a94de3ba94629be97aa94e6bba94ea9be9f2a95ee3baa5629bfa7aa95f6db95acaabf6109abfe5b96b42ac06989ab06" +
        "dc96bcaac07109ac0e5c97c42ac17989ac16dc97ccaac18109ad1e5c98d42ac28989ad26dc98dcaac29109ae2e5c99e42ac39989ae36" +
        "dc99ecaac3a109af3e5c9af42ac4a989af46dc9afcaac4b1399b01fbc4b759b053bc9b097bc5bfd9b05b3c9c11fbc5138b9c637cb1cc" +
        "79c61b0b9d6bfcb1d4f9c6238b9d737cb2dc79c72b0b9e7bfcb2e4d968808c9e354bc8ec99b3880c9f3dcbc8f419b4908c9f45bb9f96" +
        "9cb4ffa9c94d3ba09e1cb5072aca55bba0a69cb50fcab5ab3ca160fbca174ab6cbb8a168fb8c1fcab6d338a2707b8d274ab7dbb8a278" +
        "fb8d2fcab7e338a3807b8e374ab8ebb8a388fb8e3fcab8f338a4907b8f474ab9fbb8a498fb8f4fcab90339a5a07b90574aba0bb9a5a8" +
        "fb905fcaba1339a6b07b91674abb1bb9a6b8fb916fcabb2339a7c07b92774abc2bb9a7c8fb927fcabc3339a8d07b93874abd3b79bd8c" +
        "fa93db0ba943f9bd947a94e38ba94b79be9cfa94eb0baa53f9bea47a95f38baa5b79bf5ed9aafb2b96b1fabf6659ab03ac96b97ac06e" +
        "d9ab0b2c97c1fac07659ac13ac97c97ac17ed9ac1b2c98d1fac18659ad23ac98d97ac28ed9ad2b2c99e1fac29659ae33ac99e97ac39e" +
        "d9ae3b2c9af1fac3a659af43ac9af97ac4aed9af4b2c9b00ebc4b649b052ac9b086bc5bec9b05a2c9c10ebc5c619c615ab9c659cb1ce" +
        "99c61d2b9d6d1cb2d619c725ab9d759cb2de99c72d2b9e7dec87321bc8e969b385dc9e3a9bc8f1e9b38d5c9f421bc9f949c947db9f98" +
        "bcb401cac94f5ba0a03cb5094aca57dba0a80ca15dcbca141ab6b08ca165cb8c1c9ab6d008a26d4b8d241ab7d888a275cb8d2c9ab7e0" +
        "08a37d4b8e341ab8e888a385cb8e3c9ab8f008a48d4b8f441ab9f888a495cb8f4c9ab90009a59d4b90541aba0889a5a5cb905c9aba10" +
        "09a6ad4b91641abb1889a6b5cb916c9abb2009a7bd4b92741abc2889a7c5cb927c9abc3009a8cd4b93841abd3889a8d5cb93d8dba840" +
        "c9bd914a94e05ba94849be99ca94e8dba950c9bea14a95f05baa5849bfa9ca95ab9abf60f9aafd4b96b31ac06879ab05cc96bb9ac070" +
        "f9ab0d4c97c31ac17879ac15cc97cb9ac180f9ac1d4c98d31ac28879ad25cc98db9ac290f9ad2d4c99e31ac39879ae35cc99eb9ac3a0" +
        "f9ae3d4c9af31ac4a879af45cc9afb9ac4b0f9af4d5c9b031bc5b979b055dc9b0b9bc5c1f9b05d5c9c604cb1c949c618db9c68ccb1d1" +
        "c9c6205b9d704cb2d949c728db9d78ccb2e1c9c7306bd8e749b383bc9e387bc8efc9b38b3c9f40fbc8f749b4936cb4fc79c94a0ba09b" +
        "ecb404fac9528ba0a36cb50c7aca5a9bca11eab5ad5ca1621bcba7eedacee8a16b2b8d22fab6d668a273ab8d2a7ab7dee8a27b2b8e32" +
        "fab7e668a383ab8e3a7ab8eee8a38b2b8f42fab8f668a493ab8f4a7ab9fee8a49b2b9052fab90669a5a3ab905a7aba0ee9a5ab2b9162" +
        "faba1669a6b3ab916a7abb1ee9a6bb2b9272fabb2669a7c3ab927a7abc2ee9a7cb2b9382fabc3669a8d3ab938ada93d9eba841d9bd92" +
        "5a94e16ba9490910c7145c3362cb5d3b036358cd8a00a5088e1ba9e2452010e3920a4ced0e303122a99f9c77b0ac2debb009c2236f1c" +
        "060932c32d4c12328cdec101510dc08d2c036c7c0817075f0e7ab264a4e842e859bf2375f0c1223725019f5f55b08c13a7a0149f5305" +
        "bef8f1528493035267ac21f1b3c8cc031c06845502c0ec4eaa209bc80d0b868e57b43c8a72fcc2912244327b65f400ca678c41275566" +
        "3625a201261c2a71f79aa4a961c8cf03642cfcf02037e397907144aca528d2241f204a2e7490c3670290944c0094b0b8d58f04834580" +
        "ca31e9c6a79514319e4471daa6a3cc2377f6acfc1b86a3511f2f502691f955869ca85d214a1cc1c4a1c4b335092ac19031ea90a85855" +
        "52c168c0cac780147dc0a52156ed1eaa27a5f0157aa4c2cba47b3c4883876140c924126ac849279a27346166177a3e4087121fcca8e4" +
        "9e1f4aa1e00b1d7e79a40e7fe8a8468302969086062876782607003878a30f5aa02963075360088c105c6460018279e471c28e522011" +
        "210e5dd2208383782808061324be08610c131ac0658e25a460c6023c142022916e7aa1478b23a850c50f032ec127864fdcf825121ba8" +
        "214c174dc4f0c099700660478f2afef1c0121582f8449e6b1820c5884a9031a41b4b1a01030003e26863046122f1409a6dc4f1278b64" +
        "6a31c2863716f8e107693ce162924c589940082204f983171698b9459f1f3c61c78d3b822062950f7cd1839a625890c1187f74e9a000" +
        "6ef888e60c1bcb18049034a0b9e6986ffed9e51d7c7049e081396248840c3edef820025cc0a0e592086e2147822016612307105e8962" +
        "02579e89460f709e58208a15c669839068dc0987187738b90580207c89023b34207144192604d8468c6a9079029a0190e8c4870430e9" +
        "a200544a79c616254e80c29c6e8ac0a4973a0ec8a50750feb8660a446e41051466b25885800d4238c11d4a0650c78c7036f8e59a06b2" +
        "60c59314d281678a51c6f8459b306ed9050550ac91a11a4842d0c08c552469068b6c0202";

    private final ExchangeLzw lzw = new ExchangeLzw(MAX);
    private final UnsafeBuffer packed = new UnsafeBuffer(new byte[MAX * 2]);
    private final UnsafeBuffer unpacked = new UnsafeBuffer(new byte[MAX]);

    static byte[] json()
    {
        final StringBuilder text = new StringBuilder();
        for (int i = 0; text.length() < 1024; i++)
        {
            text.append("{\"id\":").append(i).append(",\"name\":\"scooter\",\"ok\":true},");
        }
        return Arrays.copyOf(text.toString().getBytes(StandardCharsets.US_ASCII), 1024);
    }

    static byte[] random(final int length, final int seed)
    {
        final byte[] bytes = new byte[length];
        int x = seed;
        for (int i = 0; i < length; i++)
        {
            x = x * 1103515245 + 12345;
            bytes[i] = (byte)(x >>> 16);
        }
        return bytes;
    }

    static byte[] repeated()
    {
        final byte[] block = random(1000, 3);
        final byte[] bytes = new byte[10 * block.length];
        for (int i = 0; i < 10; i++)
        {
            System.arraycopy(block, 0, bytes, i * block.length, block.length);
        }
        return bytes;
    }

    private static byte[][] inputs()
    {
        return new byte[][]{"hello".getBytes(StandardCharsets.US_ASCII), json(), random(300, 1), repeated()};
    }

    private static byte[][] goVectors()
    {
        return new byte[][]{hex(GO_HELLO), hex(GO_JSON), hex(GO_RANDOM), hex(GO_REPEATED)};
    }

    private static byte[] hex(final String text)
    {
        return HexFormat.of().parseHex(text);
    }

    private int decode(final byte[] stream, final int capacity)
    {
        return lzw.decompress(new UnsafeBuffer(stream), 0, stream.length, unpacked, 0, capacity);
    }

    private byte[] encode(final byte[] input)
    {
        final int n = lzw.compress(new UnsafeBuffer(input), 0, input.length, packed, 0, packed.capacity());
        assertTrue(n > 0, lzw.lastError());
        return Arrays.copyOf(packed.byteArray(), n);
    }

    @Test
    void decodesWhatGoWrote()
    {
        final byte[][] inputs = inputs();
        final byte[][] vectors = goVectors();
        for (int i = 0; i < inputs.length; i++)
        {
            final int n = decode(vectors[i], MAX);
            assertEquals(inputs[i].length, n, lzw.lastError());
            assertArrayEquals(inputs[i], Arrays.copyOf(unpacked.byteArray(), n));
        }
    }

    @Test
    void encodesExactlyAsGo()
    {
        final byte[][] inputs = inputs();
        final byte[][] vectors = goVectors();
        for (int i = 0; i < inputs.length; i++)
        {
            assertEquals(HexFormat.of().formatHex(vectors[i]), HexFormat.of().formatHex(encode(inputs[i])));
        }
        // The last code of this input fills Go's table, so Close writes a clear code before the end code.
        final byte[] tableFullAtClose = encode(random(3958, 11));
        final CRC32 crc = new CRC32();
        crc.update(tableFullAtClose);
        assertEquals(5410, tableFullAtClose.length);
        assertEquals(0x6204a955L, crc.getValue(), "CRC-32 of Go's 5410 bytes");
        assertEquals(47, GofastTags.CURRENT.compressionTag(lzw.name()));
        assertEquals("lzw", lzw.name());
    }

    @Test
    void roundTripsEveryShapeOfInput()
    {
        final Random random = new Random(42);
        for (int round = 0; round < 200; round++)
        {
            final int length = 1 + random.nextInt(round < 100 ? 300 : MAX);
            final byte[] input = new byte[length];
            final int alphabet = 1 + random.nextInt(256);
            for (int i = 0; i < length; i++)
            {
                input[i] = (byte)random.nextInt(alphabet);
            }
            final byte[] stream = encode(input);
            assertEquals(length, decode(stream, MAX), lzw.lastError());
            assertArrayEquals(input, Arrays.copyOf(unpacked.byteArray(), length));
        }
        final byte[] zeros = new byte[MAX];
        assertEquals(MAX, decode(encode(zeros), MAX));
    }

    @Test
    void acceptsWhatGoAccepts()
    {
        // 9-bit codes 'h' 'i' 257 with no leading clear code, then a byte after the end code
        assertEquals(2, decode(hex("68d20404ff"), MAX), lzw.lastError());
        assertEquals("hi", unpacked.getStringWithoutLengthAscii(0, 2));
        assertEquals(0, decode(new byte[0], MAX));
    }

    @Test
    void refusesMalformedStreams()
    {
        for (final byte[] vector : goVectors())
        {
            assertEquals(MALFORMED, decode(Arrays.copyOf(vector, vector.length - 1), MAX));
        }
        // first code 511; codes 256 300 257 (300 is above the next entry, 257); 256 'a' 259 257; 256 'a' 'b'
        final String[] broken = {"ffffffff", "00590604", "00c30c0c08", "00c38801"};
        final String[] reasons = {"invalid code", "invalid code", "invalid code", "stream ends before its end code"};
        for (int i = 0; i < broken.length; i++)
        {
            assertEquals(MALFORMED, decode(hex(broken[i]), MAX), broken[i]);
            assertEquals("lzw: " + reasons[i], lzw.lastError());
        }
        final Random random = new Random(7);
        final byte[] vector = goVectors()[3];
        for (int round = 0; round < 2000; round++)
        {
            final byte[] mangled = Arrays.copyOf(vector, 1 + random.nextInt(vector.length));
            mangled[random.nextInt(mangled.length)] ^= (byte)(1 << random.nextInt(8));
            final int n = decode(mangled, MAX);
            assertTrue(n >= 0 || n == MALFORMED || n == TOO_LONG, "result " + n);
        }
    }

    @Test
    void saysTooLong()
    {
        final byte[] input = json();
        final byte[] stream = encode(input);
        final UnsafeBuffer source = new UnsafeBuffer(input);
        assertEquals(TOO_LONG, lzw.compress(source, 0, input.length, packed, 0, stream.length - 1));
        assertEquals(stream.length, lzw.compress(source, 0, input.length, packed, 0, stream.length));
        assertEquals(TOO_LONG, decode(stream, input.length - 1));
        assertEquals(TOO_LONG, new ExchangeLzw(100).compress(source, 0, 101, packed, 0, MAX));
        assertEquals(TOO_LONG, new ExchangeLzw(100).decompress(new UnsafeBuffer(stream), 0, stream.length,
            unpacked, 0, MAX));
    }

    @Test
    void roundTripsAllocateNothing()
    {
        final com.sun.management.ThreadMXBean threads =
            (com.sun.management.ThreadMXBean)ManagementFactory.getThreadMXBean();
        final UnsafeBuffer[] sources = {new UnsafeBuffer(json()), new UnsafeBuffer(repeated())};
        long total = roundTrips(sources, 10_000);
        final long before = threads.getThreadAllocatedBytes(Thread.currentThread().getId());
        total += roundTrips(sources, 10_000);
        final long after = threads.getThreadAllocatedBytes(Thread.currentThread().getId());
        assertTrue(total > 0);
        assertTrue(after - before < 1024, "allocated " + (after - before) + " bytes");
    }

    private long roundTrips(final UnsafeBuffer[] sources, final int count)
    {
        long total = 0;
        for (int i = 0; i < count; i++)
        {
            final UnsafeBuffer source = sources[i & 1];
            final int n = lzw.compress(source, 0, source.capacity(), packed, 0, packed.capacity());
            total += lzw.decompress(packed, 0, n, unpacked, 0, unpacked.capacity());
        }
        return total;
    }
}
