"""Why a handle or name on a studio page is not one of its artists: the words a person reads
around it. Pure.

Three kinds of context, from weakest to strongest claim on the words:
- `lead`: text just before a mention ("thanks to @x", "photos by @x", "former resident @x"),
  and the headings and class/id words of the section it sits in ("Alumni", class="suppliers");
  every reason's words count here;
- `trail`: text just after it ("@x for the inks", "@x (our supplier)"); only nouns that say
  what the account is count, not verbs ("Jane (@jane) thanks @inkco" keeps @jane);
- `label`: a short text of the artist's own block ("Jane Doe (former)"); as `lead`.
A bio is long: only the strong phrases count there ("formerly a designer" is a life story,
"moved on to open her own studio" is not a resident)."""

# ruff: noqa: RUF001  (word lists in Cyrillic, Greek and Turkish, whose letters look Latin)

from __future__ import annotations

import re
import unicodedata

from compute.extraction import dates

FORMER = "former_artist"
GUEST_ENDED = "guest_spot_ended"
SUPPLIER = "supplier_or_brand"
PRESS = "press_or_feature"
CONVENTION = "convention"
PHOTOGRAPHER = "photographer"
THANKS = "thanks"
STUDIO = "studio_account"
STRUCK = "struck_through"
STAFF = "not_a_tattooist"  # reception, management, piercers
CREDIT = "site_credit"  # who made the website, or printed a product its shop sells
OTHER_PLATFORM = "other_platform"  # "TikTok: @x": an account on another network
POST_CAPTION = "post_caption"  # tagged in a post's caption, listed nowhere else on the page
OTHER_STUDIO = "other_studio"  # "is now at @x": the studio a former artist moved to
CLIENT = "client"  # quoted in a section of reviews
ROSTER_LINK = "roster_link"  # the words of a link to a page that lists artists: a shop, a place
ORGANISATION = "organisation"  # a charity or association the studio supports, no person
NEIGHBOUR = "neighbour_business"  # the barber or coffee shop next door
IN_PASSING = "mentioned_in_passing"  # outside the site's roster, unvouched (extraction.passing)
OLD_ACCOUNT = "old_account"  # only in structured data, for a person shown with another account

_I = re.I
# Said of someone who is no longer at the studio, anywhere in a text.
_STRONG: tuple[tuple[str, re.Pattern[str]], ...] = (
    (
        FORMER,
        re.compile(
            r"\b(former|ex)[\s-]+(resident|artist|member|tattooist|tattooer|team)s?\b|"
            r"\balumn(i|ae|us|a)\b|\bmoved on\b|"
            r"\bno longer (with|at|here|works|working|tattoos|tattooing|part)\b|"
            r"\bhung up (his|her|their) [\w'\u2019 ]{0,25}?"
            r"(machines?|irons?|gloves|needles|apron)\b|"
            # a farewell's and a memorial's words: "stepped away from tattooing in June", "In
            # memory of Dougie", "this year we lost our friend Bo", "isn't taking bookings",
            # "left Bogcotton at the end of the summer", "is working out of Berlin these days"
            r"\bstepped (away|back|down) from\b|\bin (loving )?memory of\b|\bpassed away\b|"
            r"\brest in (peace|power)\b|\bwe lost (our|a) (dear )?(friend|brother|sister)\b|"
            r"\b(isn['\u2019]t|is not|aren['\u2019]t|are not) (taking|accepting) "
            r"(bookings|clients)\b|\bleft \w+( \w+)? at the end of\b|"
            r"\b(working|tattooing) out (of|west|east|north|south)\b|"
            # "who tattooed here 2019-2024, is now at a shop in Bali", "no longer taking
            # bookings", "left Tidewrack in the summer to travel (...) His old page"
            r"\bno longer (taking|accepting|booking) (bookings|clients|appointments)\b|"
            r"\bwho tattooed here\b|\b(is|are) now at an? (shop|studio|parlou?r)\b|"
            r"\b(his|her|their) old (page|account|instagram|ig)\b|"
            r"\bleft \w+( \w+)? (in|last|this) (the )?(summer|spring|autumn|fall|winter|year|"
            r"month)\b|"
            # "Cody moved to Austin this summer" (not "we moved to our new space")
            r"\bmoved (away |back |over |up |down |out )?to\b"
            r"(?!\s+(our|a|an|the|this|new|bigger)\b)|"
            # "is tattooing at a shop in Maboneng now", "you can still follow him at": gone on
            r"\b(is|are) (now )?(tattooing|working) (at|in|out of) an? (shop|studio)\b|"
            r"\b(can|may) still (follow|find|catch|say hi)\b|"
            # pt "moved to", "keep following her work"; es "moved to"
            r"\bse mudou para\b|\bmudou-se para\b|\bcontinuar acompanhando\b|"
            r"\bse mud[oó] a\b|\bse fue a vivir a\b|"
            r"\bhas left\b|\bleft (us|the studio|the shop|the team)\b|\bnot with us\b|"
            # tr "moved to (İzmir)", "(now) in his own studio", "left (us)"
            r"\btaşındı\b|\bkendi stüdyosunda\b|\bayrıldı\b|"
            r"\bformerly (with|at|of) (us|the studio|the shop)\b|\bretired\b|"
            r"\behemalige[nr]?\b|\banciens? (artistes?|tatoueurs?|membres?)\b|"
            r"\bantiguos? (artistas?|tatuadores?)\b|\bex-?(artistas?|membres?|tatuadores?)\b|"
            r"\banciens? de l|\bist jetzt in\b|\bnow (tattoos|works|tattooing|working) (at|in)\b|"
            r"\b(has|have) moved (to|away|abroad)\b|"
            # "has moved across the ditch to Melbourne", "finished up at Kingfisher", "tattooed
            # his last session here", "now works out of Portland": a farewell's words
            r"\b(has|have) moved (across|over|back|down|up|out|north|south|east|west)\b"
            r"[^.!?]{0,30}\bto\b|\bfinished up (at|here|with us|in)\b|"
            r"\b(her|his|their) last (session|day|shift|appointments?) (here|with us|at)\b|"
            r"\bnow (works|tattoos|working|tattooing|based) out of\b|"
            r"\b(her|his|their) new (adventures?|chapter|journey|studio|shop)\b|"
            r"\btatoue désormais\b|\bdésormais à\b|"
            r"\bha lasciato\b|\bhanno lavorato con noi\b|"
            r"\bheeft .{0,20}verlaten\b|\bwerkt (nu|sinds [^.!?]{1,20}) (in|bij)\b|"
            r"\bis [^.!?]{0,20}verhuisd naar\b|"
            r"\bby(li|ły|łe) (artyści|tatuażyści)\b|"
            r"\b(open(ed|s|ing)?|runs?|running|started|set up) (her|his|their) own( \w+)? "
            r"(studio|shop|place)\b|\bleft (in|at the end of) (19|20)\d\d\b|"
            # "(to open) his/her own studio" (es, pt, it, fr, de, nl)
            r"\bsu propio (estudio|local)\b|\bseu pr[oó]prio (est[uú]dio|espa[cç]o)\b|"
            r"\bil (suo|proprio) studio\b|\bson propre (salon|studio|atelier)\b|"
            r"\b(ihr|sein)(en)? eigenes (studio|tattoostudio)\b|"
            r"\b(haar|zijn) eigen (studio|zaak)\b|"
            r"\bex[\s-]membri\b|\bex[\s-]?miembros\b|\bbýval[íé]\b|\bhar (sluttet|slutat)\b|"
            r"\b(har|er) flyttet til\b|\bhar (flyttat|flytta) till\b|"
            r"\b(har|er) stoppet (hos os|i studiet|her)\b|\bkan stadig (ses|følges)\b|"
            r"\bkan fortfarande (ses|följas)\b|"
            # da/nb/sv "formerly with us", "was part of", "(opened) his/her own shop"
            r"\btidligere hos os\b|\btidligere (kunstnere|tatovører|tatovørere|tatovere)\b|"
            r"\btidigare (hos oss|tatuerare|artister)\b|\bvar en del av?\b|"
            r"\b(sin|hans|hendes|hennes) egen (shop|butik|studie|studio|salon|forretning)\b|"
            # fr "(leaves) to open his studio"; el "is no longer (a member)"; sk/cs "tattooed
            # with us (for three years)", "(since September) works in"
            r"\bpour ouvrir son (propre )?(studio|salon|atelier|shop)\b|δεν είναι (πλέον|πια)\b|"
            r"\b(s nami|u nás) tetoval[ai]?\b|\b(teraz|teď|nyní|od \w+) pracuje v\b|"
            # ca "no longer works with us", "now tattoos in"; pt "ex-member", "is now in (Rio)";
            # da/nb/sv "has (Kasper Holm) moved to", "now tattoos at"; pl "(since November)
            # tattoos in"
            r"\bja no treballa\b|\b(neemt|nam|namen|nemen)\b[^.!?]{0,40}\bafscheid\b|"
            r"\bafscheid genomen\b|\bara tatua (a|en|al)\b|\bex-?(integrantes?|membros?)\b|"
            r"\bagora (está|trabalha|tatua) (no|na|em)\b|\b(har|er)( \w+){1,3} flyttet til\b|"
            r"\bhar( \w+){1,3} flyttat till\b|\btatoverer nu (hos|i|på)\b|"
            r"\btatuerar nu (hos|på|i)\b|\b(od \w+|teraz) tatuuje w\b|"
            # hr/sr/bs "former", "no longer works (with us)"; hu; el; vi
            r"\bbivš[aei]\b|\bviše ne radi\b|\bmár nem (dolgozik|tetovál)\b|"
            r"\bkorábbi (művész|tetoválóm?)\w*\b|\bπρώην\b|"
            r"δεν (εργάζεται|δουλεύει) (πλέον|πια)|μετακόμισε|\bđã nghỉ\b|\bkhông còn làm\b|"
            # da "has stopped with us", "now works in"; uk/ru "now works in", "no longer
            # takes (clients)"; id/ms "has moved to", "no longer"; vi "has moved to"; tr "left",
            # "no longer works with us"; cs "left (us)"; fi "no longer"; hu/hr "moved"
            r"\ber stoppet (hos os|i studiet|her)\b|\barbejder nu (i|hos|på)\b|"
            r"\bтепер працює (у|в)\b|\bбільше не (приймає|працює)\b|"
            r"\bтеперь работает (в|у)\b|\bбольше не (принимает|работает)\b|"
            r"\b(sudah|telah) pindah\b|\b(tidak|sudah tidak) lagi (bekerja|di sini|menato)\b|"
            r"\bđã chuyển (sang|đến|về|ra)\b|\bayr[ıi]ld[ıi]\b|\bart[ıi]k (bizimle|burada) "
            r"(çalışmıyor|değil)\b|\bode(šel|šla) (od nás|do)\b|\bu nás (už|již) nepracuje\b|"
            r"\bei enää (työskentele|tatuoi)\b|\belköltözött\b|\bpreselio\b|\bpreselila\b|"
            # pl "left (Kruk)", "now runs his own studio"; fil "no longer connected to the
            # studio", "has moved to", "goodbye"; lv "former", "no longer works"; sr/bg "former",
            # "(now has) his own studio", "worked with us"; sl "no longer works"
            r"\bodesz(ł|l)a z\b|\bodszed(ł|l) z\b|\bw(ł|l)asne studio\b|\bw(ł|l)asny salon\b|"
            # pl "says goodbye", "ended (the) cooperation", "opens her own workshop"
            r"\bsi(ę|e) (ż|z)egna\b|\bzako(ń|n)czy(ł|l)a? wsp(ó|o)(ł|l)prac(ę|e)\b|"
            r"\botwiera w(ł|l)asn\w+|"
            r"\bhindi na (po )?(konektado|konektada|nagtatrabaho|bahagi)\b|\blumipat na\b|"
            r"\bbijuš\w*|\bvairs nestrādā\b|\bбивш\w*|\bсвој студио\b|\bсобствено студио\b|"
            r"\b(је )?са нама радио\b|\bса нама радила\b|\bне работи вече\b|"
            r"\bne dela več\b|\bnič več ne\b|"
            r"\bnie pracuje już\b|\bjuż nie pracuje\b|"
            # fi "former makers / tattooists", "quit (at the studio)"
            r"\bentiset (tekijät|tatuoijat|artistit)\b|\blopetti\b|"
            # fr "has left us", "is no longer part of"; es/pt/it "no longer part of the team";
            # de "has left us", "no longer with us"; nl "no longer with us"; pl "has left"
            r"\bnous a quitt[ée]e?s?\b|\b(a quitt[ée]|quitte) "
            r"(le studio|l['\u2019]atelier|l['\u2019][ée]quipe|le salon|le shop)\b|"
            r"\bne fait plus partie\b|\bya no forma parte\b|"
            r"\bya no (est[aá]|trabaja) (con nosotros|en el estudio|aqu[ií])\b|"
            r"\bdej[oó] el estudio\b|\bj[aá] n[aã]o faz parte\b|\bn[aã]o faz mais parte\b|"
            r"\bsaiu do est[uú]dio\b|\bnon fa pi[uù] parte\b|\bnon lavora pi[uù]\b|"
            r"\bhat uns\b[^.!?]{0,40}\bverlassen\b|"
            r"\bnicht mehr (bei uns|teil des teams|im studio)\b|"
            # a farewell: "We'll miss you, buddy."
            r"\bwe(['\u2019]ll| will) miss (you|him|her|them)\b|"
            # fr "moved to", "after four fine years with us"; de "said goodbye to us",
            # "now tattoos in"; vi "used to work with us"; ms/id "has moved to", "thanks for
            # (4) years together"
            r"\ba déménagé\b|\baprès (\w+ ){1,3}ann[ée]es avec nous\b|"
            r"\bvon uns verabschiedet\b|\btätowiert jetzt in\b|"
            r"\btừng làm việc (cùng|với) chúng tôi\b|"
            r"\b(sudah |telah )?berpindah ke\b|\bterima kasih atas \d+ tahun\b|"
            # cs "formerly tattooed with us", "now has his own studio"
            r"\bdříve (s námi|u nás)\b|\bdnes má vlastní studio\b|"
            r"\bniet meer (bij ons|werkzaam)\b|\bodesz(ł|l)a od nas\b|\bodszed(ł|l) od nas\b|"
            # ro "worked with us until", "former colleagues"; uk/ru "former masters", "worked
            # with us until"; he "former artists", "moved to"
            r"\ba lucrat (la|cu) noi până\b|\bfoști (colegi|artiști|tatuatori)\b|"
            r"\bколишн\w* (майстр|художник|тату)\w*|\bбывш\w* (мастер|художник|тату)\w*|"
            r"\bпрацював у нас до\b|\bпрацювала у нас до\b|\bработал\w* у нас до\b|"
            r"אמנים לשעבר|מקעקע\w* לשעבר|עבר(ה)? ל",
            _I,
        ),
    ),
    (
        GUEST_ENDED,
        re.compile(
            r"\b(past|previous|recent|earlier|ended|former) guests?\b|"
            r"\bguest spots? (has |have )?(ended|finished|over|past|done)\b|"
            r"\b(was|were) (here|with us) as (a )?guests?\b|\bguested here\b|"
            # ... in pt, es, it, fr, de: "que esteve cá como convidada em outubro"
            r"\besteve (cá|aqui|connosco|conosco) como convidad[oa]\b|"
            r"\bens va visitar\b|\bnos visit[oó]\b|\bnos visitou\b|\bci ha (fatto )?visit|"
            r"\bnous a rendu visite\b|\bhat uns besucht\b|\bbesuchte uns\b|\bbezocht ons\b|"
            r"\bestuvo (aquí|aca|acá|con nosotros) como invitad[oa]\b|"
            r"\b(è|e) stat[oa] (qui|da noi|con noi) come ospite\b|"
            r"\ba été (ici|chez nous|avec nous) en (tant qu['\u2019])?invitée?\b|"
            r"\bwar (hier|bei uns) (als|zu) gast\b|"
            r"\bspent (a|an|one|two|three|four|five|six|a few|\d+) (days?|weeks?|months?) "
            r"(with us|here|at the (shop|studio))\b|"
            r"\b(last|previous) (week|month|year|season)['\u2019]?s? guests?\b|"
            r"(\b(is|are)|['\u2019](s|re)) (already )?back (home|in)\b|"
            r"\b(for|after) (a|the|her|his|their) (brilliant |great |amazing )?guest spot\b|"
            r"\b(schon |ist |war )vorbei\b|\bwar zu gast\b|\bya (termin[oó]|pas[oó])\b|"
            r"\b(est|était) termin[ée]e?\b|"
            r"\btidligere (gæster|gjester|gæstetatovører|i år)\b|\btidigare (gäster|i år)\b|"
            # sv/da/nb "who guested (with) us"
            r"\b(gästade|gæstede|gjestet|gjesta) (hos )?(oss|os)\b|"
            # is "thanks for coming"; lt "visited as a guest", "thanks for (two great) weeks"
            r"\btakk fyrir komuna\b|\bsvečiuose lankėsi\b|\bačiū[^.!?@]{0,40}\bsavait\w*|"
            r"\bproběhl[oa]?\b|\bvergangene (gastspiele|gäste)\b|\bfinalizad[oa]\b|"
            r"\bospiti passati\b|\binvitad[oa]s (anteriores|pasad[oa]s)\b|\banciens invités\b|"
            r"\bvorige gast(en|artiesten)\b|\bconvidad[oa]s anteriores\b|\bfrühere gäste\b|"
            # nl "previously our guest", "(in October) ... were with us"
            r"\beerder te gast\b|\bwaren\b(?:[^.!?]|\.(?=\w)){0,80}\bbij ons\b|"
            # hu "was here", "has ended"; hr "was with us"; pl "was our guest"; el "ended"
            r"\bnálunk járt\b|\bvéget ért\b|\bbio je kod nas\b|\bbila je kod nas\b|"
            r"\bgościł[ao]? u nas\b|ολοκληρώθηκε|\bđã kết thúc\b|"
            # vi "thanks X for stopping by the shop (for a guest spot)"
            r"\bcảm ơn\b[^.!?@]{0,40}\bđã ghé\b|"
            r"\b(has|have) (since )?(left|gone home)\b|\bwas here (earlier|last)\b|"
            # "her guest spot back in March": a spot in the past ("she's back in March" is not)
            r"\bguest[\s-]?spots?\b(?! (is|will be|returns))[^.!?]{0,20}?\bback in\b|"
            # "Thanks for visiting, Mara!": said to a guest whose spot is over
            r"\bthanks? (you )?for (visiting|guesting|coming by|stopping by)\b|"
            # "Last month we hosted Lerato", "Thank you for an amazing two weeks", "¡Gracias por
            # venir, Nico!", "tack för besöket" (sv): a visit that is over
            r"\bwe hosted\b|"
            r"\bthanks? (you )?for (an? |the )?(\w+ ){0,2}(weeks?|days?|visit|stay)\b|"
            r"\bgracias por (venir|la visita|visitarnos)\b|\btack för besöket\b|"
            # "Cheers for a mint week, Mateo!"; es "thanks for those two weeks", "came by here
            # (in October)"; vi "guests who have been"
            r"\bcheers for (an? |the )?(\w+ ){0,2}(weeks?|days?|visit|stay)\b|"
            r"\bgracias por (esas|estas|las) (\w+ )?semanas\b|\bpas[oó] por aqu[ií]\b|"
            r"\bkhách mời đã qua\b",
            _I,
        ),
    ),
    # ja, ko, zh "(the guest work) ended / was wrapped up", "thanks for coming"
    (
        GUEST_ENDED,
        re.compile(
            r"ご来店ありがとう|来てくれてありがとう|終了しました|ゲスト終了|"
            r"마무리되었|마무리됐|마무리했|끝났습니다|끝났어요|종료되었|종료됐|다녀가셨|다녀갔|"
            r"[\[(\uff08\u3010]종료[\])\uff09\u3011]|지난 게스트|감사했습니다|"
            r"게스트였던|지난 \d{1,2}월|"
            r"已結束|已结束|圓滿結束|圆满结束"
        ),
    ),
    (STAFF, re.compile(r"受付|施術なし")),
    # hi "no longer works with us", "former artists"; "does not tattoo", "reception"
    (FORMER, re.compile(r"अब हमारे साथ (काम )?नहीं|पूर्व कलाकार|पुराने कलाकार")),
    # th "moved (away) to", "(opened) a shop of his own", "no longer works here"
    (FORMER, re.compile(r"ย้ายไป|ร้านของตัวเอง|ไม่ได้ทำงานที่นี่แล้ว")),
    # th "(the guest spot) has ended", "for coming to visit the shop"
    (GUEST_ENDED, re.compile(r"จบแล้ว|ที่มาเยี่ยมร้าน|ที่มาเยือนร้าน")),
    # bn "(the guest spot) has ended"
    (GUEST_ENDED, re.compile(r"শেষ হয়েছে|শেষ হয়েছে|শেষ হলো")),
    # th "photos by", "photographer", "filmed by", "video by"
    (PHOTOGRAPHER, re.compile(r"ภาพโดย|ถ่ายภาพ|ช่างภาพ|ถ่ายโดย|วิดีโอโดย|วีดีโอโดย")),
    # th "aftercare (cream)", "we use", "sponsored by"; "foundation", "donate"
    (SUPPLIER, re.compile(r"ดูแลหลังสัก|เราใช้|สนับสนุนโดย")),
    (ORGANISATION, re.compile(r"มูลนิธิ|บริจาค")),
    (STAFF, re.compile(r"टैटू नहीं बना|रिसेप्शन")),
    (
        FORMER,
        re.compile(
            r"OB[・/]OG|現在は.{0,12}(独立|在籍)|独立しました|元所属|卒業生|卒業した|"
            # zh "left (the shop) in 2025", "now works independently"
            r"已于?.{0,8}(离开|離開)|独立工作|獨立工作|"
            # "was with us until (spring 2025)", "went independent and"
            r"まで在籍|在籍していた|独立し|"
            # "left the shop", "left the job" (a notice of a tattooist who has gone)
            r"退店|退職|"
            # zh "has left the job", "former tattooist"
            r"離職|离职|已離開|已离开|前刺青師|前刺青师|"
            r"함께했던|함께 했던|이전 아티스트|전 아티스트|개인 작업실|독립했"
        ),
    ),
    (
        STAFF,
        re.compile(
            r"\b(studio|shop)['\u2019]?s? (dog|cat|pet|manager|collie|corgi|pug|beagle|terrier|"
            r"spaniel|labrador|lab|retriever|greyhound|whippet|lurcher|sausage dog|dachshund|"
            r"staffie|husky|poodle|doodle|bulldog|boxer|kelpie|heeler)\b|\bmascot\b|"
            r"\breceptionist\b|"
            # the front desk as a role ("runs the front desk"), not as a place or an address
            # ("book him through the front desk", "email the front desk")
            r"(?<!\bthe )\bfront desk\b|\b(?!(through|at|via|from|to|with|e-?mail|call|ask|"
            r"contact|message|text|phone|ring|tell)\b)[^\W\d_]+ the front desk\b|"
            r"\bbody piercer\b|\bpiercings? (by|with|from)\b|\b(runs|on) front[\s-]of[\s-]house\b|"
            # people a studio lists who say they do not tattoo (yet)
            # (not "if he's not tattooing he's fishing": a condition, not a fact)
            r"(?<!\bif )(?<!\bwhen )(?<!\bwhenever )(?<!\bif he['\u2019]s )(?<!\bif she['\u2019]s )"
            r"(?<!\bwhen he['\u2019]s )(?<!\bwhen she['\u2019]s )(?<!\bif they['\u2019]re )"
            r"\b(does(n['\u2019]t| not) tattoo|not tattooing)\b|\btatoverer ikke\b|"
            # fi "piercer", "piercings"
            r"\blävistäjä\b|\blävistykset\b|"
            # who plays the music at a flash day or party
            r"\b(records|tunes|music) (spun|played) by\b|\bspun by\b|\bdj set\b|"
            r"\btatuerar inte\b|\bt[aä]towiert nicht\b|\bne tatoue pas\b|\bnon tatua\b|"
            # id "does not tattoo", cs/sk "does not tattoo"
            r"\b(tidak|belum) (menato|mentato|menatu)\b|\bnetetuje\b|"
            # who runs the studio or its laser room ("Pengurus Studio", "Juruteknik Laser")
            r"\bpengurus studio\b|\b(laser|removal) (technician|specialist|tech)\b|"
            r"\bjuruteknik laser\b|\btechnicien(ne)? laser\b|\bt[eé]cnic[oa] (de )?l[aá]ser\b|"
            # th "piercer", "takes no tattoo work"; ar "studio manager"; ko "manager (실장)"
            r"ช่างเจาะ|ไม่รับงานสัก|مديرة? الاستوديو|실장|"
            # vi "reception", "does not tattoo"; hr/sr/bs "does not tattoo", "reception"
            r"\blễ tân\b|\bkhông xăm\b|\bne tetovira\b|\brecepcij\w*|"
            # sr/bg (Cyrillic) "reception", "does not tattoo", "(studio) manager"
            r"\bрецепциј\w*|\bне тетовира\b|\bне татуира\b|\bуправител\w*|"
            # pl "does not tattoo (yet)", pt "does not tattoo", nl "does not tattoo (yet)"
            r"\bnie tatuuje\b|\bn[aã]o tatua\b|\btatoe[eë]ert (nog )?niet\b|"
            r"\btodav[ií]a no (agenda|tat[uú]a)\b|\bno tat[uú]a\b|"
            # "piercing master" (uk, ru), "piercer" (he), "piercing and jewellery" (ro)
            r"\bмайстр\w* пірсингу\b|\bмастер\w* пирсинга\b|\bпірсинг-майстр\w*|"
            r"פירסינג|פירסר\w*|\bpiercing (și|&|and) bijuterii\b|"
            # "does not tattoo (clients) (yet)" (ro, fi, tr, uk, ru, hu, el) and th "does not
            # tattoo", "(shop) manager": the people a studio lists beside its tattooists
            r"\bnu tatueaz[ăa]\b|\bei (viel )?tatuoi\b|\bd[öo]vme yapm[ıi]yor\b|"
            r"\bне (татуює|татуирует|робить тату|делает тату)\b|\bnem tetovál\b|"
            r"δεν (κάνει )?τατουάζ|ไม่ได้สัก|ยังไม่สัก|ผู้จัดการ",
            _I,
        ),
    ),
)
# What an account is, when the words name it: count before and after a mention.
_NOUNS: tuple[tuple[str, re.Pattern[str]], ...] = (
    # the studio's other shop ("our sister shop in Okehampton:", "onze zusterzaak in Gent")
    (
        OTHER_STUDIO,
        re.compile(
            r"\bsister (shop|studio|store|location|parlou?r)s?\b|\bzuster(zaak|studio|shop)\b|"
            r"\bsyster(studio|butik)\b|\bsøster(studie|studio|butik|forretning)\b|"
            r"\bschwester(studio|laden|shop)\b|\bstudio gemello\b|\bestudio hermano\b|"
            r"\bsiostrzan\w+ studio\b|\bsesterské studio\b|姉妹店|系列店|"
            # the shop someone came from ("Tāne joined us in June 2025 from <a>Inkstorm</a>")
            r"\bjoined (us|the (team|crew|studio|shop))\b[^.!?]{0,30}\bfrom\W*$",
            _I,
        ),
    ),
    (
        SUPPLIER,
        re.compile(
            r"\b(suppl(y|ier|iers|ies|ied)|sponsors?|sponsored|sponsoring|partners?|stockists?|"
            r"patrocinador(es|as?)?|patrocinado por|"
            r"distributors?|brands?|inks? (by|from|supplier|brand|company)|our inks?|"
            r"(tattoo )?machines? (by|from)|cartridges?|needles? (by|from)|aftercare (by|from)|"
            r"powered by|equipment|tintas|encres|colou?rs? (by|from)|material(es)? de|"
            r"materiale|suministros|"
            r"collaborat(e|ing|ion) with"
            r"(?![^.!?@]{0,25}\b(artists?|elders?|communit\w*|clients?)\b)|"
            r"colaboramos con|"
            r"kooperation mit|partnered with|en partenariat avec|restock(ed|ing)?|new stock|"
            r"in stock|stocked|stocking|inchiostri?|parceiros?|parceria|współpracujemy|"
            r"materiały|materiali|leveranciers?|inkt (van|door)|sponsored by|"
            r"cremas?|crème|creme|balm|salva|salve|kremi?|kremler|krémy?|kremy?|bakım|"
            r"consigliamo|we recommend|empfehlen|recomendamos|"
            # da/nb/sv "we heal with"
            r"vi heler med|vi läker med|anbefaler|rekommenderar|"
            # pt "we recommend", "healing"; fr, nl, pl "we recommend"
            r"indicamos|cicatriza[çc][ãa]o|recommandons|(wij )?raden\b[^.!?@]{0,20}\baan|polecamy|"
            r"jewel(le)?ry(?![\s-]+(inspired|style|like|based)\b)|"
            # "the inks we use" in Turkish ("boyalar") and Finnish ("värit")
            r"inks? we use|we (?:\w+ly |also |only )?(use|tattoo (only )?with)|"
            r"boyalar|mürekkepler|käyttämämme|musteet|"
            # "tattoo ink" in Vietnamese, Greek ("inks"), Hungarian, Croatian
            r"mực( xăm)?|μελάνια|μελάνι|festékek?|tinte|"
            # uk/ru "we recommend", "aftercare"
            r"рекомендуємо|рекомендуем|догляд|уход|"
            # vi "aftercare cream"; cs "we recommend"; hu "we recommend", "we use"; tr "our
            # supplier", "equipment"
            r"kem dưỡng|doporučujeme|ajánljuk|használunk|tedarikçi\w*|ekipman\w*|"
            # sk/sl/hr "sponsor"; ms "aftercare cream we use"
            r"sponzor\w*|krim penjagaan|yang kami guna(kan)?|"
            # "we're proud to use (vegan pigments from)", "all our colour work is done with"
            r"we(['\u2019]re| are)? (proud|happy|glad|stoked) to use|pigments?|"
            # fi "for aftercare", "we recommend", "(a) cream"
            r"jälkihoito\w*|suosittelemme|voide\w*|"
            # "all needles single-use from"
            r"needles?\b[^.!?@]{0,30}\bfrom|"
            # "needles and cartridges:" (it, es, fr, pt, de, nl)
            r"(aghi|agujas|aiguilles|agulhas|nadeln|naalden)( e| y| et| und| en)? "
            r"(cartucce|cartuchos|cartouches|kartuschen|cartridges|patronen)|"
            r"(colou?r|black|line) ?work is done with)\b",
            _I,
        ),
    ),
    # a charity or association: its legal form or what it does with donations ("l'asbl Les
    # Roseaux", "a registered charity", "the proceeds go to")
    (
        ORGANISATION,
        re.compile(
            # a body the studio belongs to ("Proud members of the <a>Downtown BRZ</a>")
            r"\bmembers? of the\W*$|"
            # (NGO, ONG only in capitals: "Ong" is a family name)
            r"\b(?-i:NGO|ONG)\b|"
            r"\b(charit(y|ies|able)|non-?profit|not-for-profit|asbl|vzw|onlus|"
            r"gemeinn[uü]tzig\w*|stichting|fondation|fundaci[oó]n|fundacja|fondazione|"
            r"fundraiser|fundraising|proceeds (go|goes|went) to|donat(ed|ing) to|"
            # "$1 of every flash tattoo goes to": a share of the takings
            r"of (every|each|all)\b[^.!?@]{0,40}\b(goes|go|went|is donated|are donated) to|"
            r"revers[ée]e?s? ([àa]|au|aux)|gespendet an|donado a|devoluti? a|"
            # a shelter's name, or a share of a day's takings given ("20 percent of
            # everything we make that day goes to the Guelph Humane Society")
            r"humane society|animal (shelter|rescue)|food bank|(?-i:R?SPCA)|"
            # "charity", "donate(d)", "shelter", "foundation" in fi, hu, uk/ru, el, cs, tr, vi,
            # id/ms, da, hr
            r"hyväntekeväisyy\w*|lahjoite\w*|lahjoitamme|menhely\w*|adomány\w*|jótékony\w*|"
            r"фонд\w*|благодійн\w*|благотворительн\w*|φιλανθρωπ\w*|útul(ek|ku)|nadac\w*|"
            r"bağış\w*|barınağ\w*|barınak\w*|từ thiện|quyên góp|donasi|yayasan|velgørenhed|"
            r"humanitar\w*|donacij\w*|schronisk\w*|прихватилишт\w*|део зараде|дела зараде|"
            # "proud to support", "we support" (en, nl, es, de, fr, it, pt); "shelter" (fr, es,
            # nl), "animal center"
            r"proud(ly)? to support|we support|wij steunen|we steunen|apoya(mos)? al?|"
            r"wir unterst[uü]tzen|nous soutenons|sosteniamo|apoiamos|refuges?|refugios?|"
            r"dierenasiel\w*|animal (center|centre)|adopted from|dogs (and|&) cats home|"
            r"per ?cent of (everything|all|what)\b[^.]{0,60}?\bgo(es)? to)\b",
            _I,
        ),
    ),
    # the business next door ("Parking behind Smithy's Barbers next door (@x)")
    (
        NEIGHBOUR,
        re.compile(
            r"\b(next door|neighbou?rs?|neighbou?ring|down the (street|road|block)|"
            r"around the corner|across the (street|road|hall)|down the hall|(upstairs|downstairs) "
            r"from|(a few|two|three|four|\w+) doors (down|up|along)\b|next to us|barbers?|"
            r"barbershop|caf[eé]|kaf[eé]|coffee|kaffe|voisins?|boulangerie|"
            r"(share|shares|sharing) (a|the|our) (wall|building|entrance|courtyard) with|"
            # sv/da/nb "next door", "neighbour(s)"
            r"bredvid|ved siden af|ved siden av|grann(e|ar|en)|nabo(er|en)?|"
            r"vizinh[oa]s?|vecin[oa]s?|vicin[oi]|nachbarn?|op de hoek|om de hoek|koffiebar)\b",
            _I,
        ),
    ),
    (
        PRESS,
        re.compile(
            r"\b(magazines?|magazin|revista|rivista|tijdschrift|mag|press|presse|prensa|"
            r"featured (in|on|by)|featur(ed|ing) (us|the studio)|bekannt aus|vu dans|gezien in|"
            # da/nb/sv "written about in"
            r"omtalt i|omtalad i|"
            # cs/sk "magazine", "interview (with our studio came out in)"
            r"magazín\w*|časopis\w*|rozhovor|"
            # a broadcast feature ("chuffed to be on BBC Scotland's The Social")
            r"(to be|we were|we['\u2019]re|appeared) on (bbc|itv|channel \d|sky|abc|cbc|nbc|cbs|"
            r"fox|the radio|tv|television)|"
            r"visto en|as seen on|"
            r"as (seen|featured) (in|on)|"
            r"interview(ed)?|publications?|podcast|article|zine|blog(ger)?|"
            # tr "in the press", "magazine(s)"; cs/sk/hr/sr "magazine"; pl; fi
            r"bas[ıi]nda|bas[ıi]n|dergi(si|ler|miz)?|časopis\w*|magazyn\w*|lehti|"
            # el "magazine", "you saw us in"
            r"περιοδικ\w*|μας είδατε)\b",
            _I,
        ),
    ),
    # Words of scripts without spaces between words: no \b around them.
    (PRESS, re.compile(r"誌|雑誌|掲載|メディア|杂志|媒体|잡지")),
    (
        SUPPLIER,
        re.compile(
            r"インク[:\uff1a]|使用インク|協賛|スポンサー|협찬|후원|品牌|色料|墨水|廠商|厂商|贊助|赞助"
        ),
    ),
    (PHOTOGRAPHER, re.compile(r"撮影[:\uff1a]|写真[:\uff1a]|사진[:\uff1a]|촬영")),
    # th "sponsor", "ink (the shop uses)"; "thanks"
    (SUPPLIER, re.compile(r"สปอนเซอร์|หมึก")),
    (THANKS, re.compile(r"ขอบคุณ")),
    # Devanagari (hi): its vowel signs are not word letters to \b. "convention", "stall",
    # "photos:", "photographer"
    (CONVENTION, re.compile(r"कन्वेंशन|कन्वेन्शन|टैटू फ़ेस्ट|टैटू फेस्ट|स्टॉल")),
    # ja/zh/ko/he/th "convention", "festival", "booth": no \b in scripts without spaces
    (
        CONVENTION,
        re.compile(
            r"コンベンション|タトゥーフェス|ブース|出展|展位|攤位|摊位|刺青展|纹身展|紋身展|"
            r"컨벤션|페스티벌|부스|כנס קעקועים|פסטיבל|דוכן|คอนเวนชั่น|บูธ"
        ),
    ),
    (PHOTOGRAPHER, re.compile(r"(तस्वीरें|फ़ोटो|फोटो)\s*[:\uff1a]|फ़ोटोग्राफ़र|फोटोग्राफर")),
    (
        CONVENTION,
        re.compile(
            r"\b(conventions?|convenci[oó]n|expo|festival|tattoo (show|fair|days?)|"
            r"salon (du|de|des|international)\b|"
            # "convention", "festival" in the other languages of the studios' pages
            r"conven[cç][aã]o|konven[cz]\w*|konwenc\w*|konwent\w*|kongres\w*|festivali\w*|"
            r"festivaali\w*|"
            r"festiwal\w*|fesztivál\w*|festiválu?|(húðflúr)?hátíð\w*|tattoo ?fest|"
            r"tatuointimessu\w*|"
            r"фестивал\w*|конвенци\w*|конвенці\w*|φεστιβάλ|συνέδριο|"
            r"messe|mondial du tatouage|find us at|catch us at|meet us at|retrouvez[\s-]nous|"
            r"besucht uns|visit us at|come see us|see us at|we['\u2019]?ll be at|we will be at|"
            r"join us at|guest spots? at|awards?|awarded|best (of|in) show|winners?|"
            r"flash collab\w*|collab(oration)? with (the )?\w+ (festival|fest)|"
            r"won (best|first|second|third)|tattoo fest|fiera|feira|beurs|targi|konwencja|"
            # a convention's booth number ("@expo! Stand 42")
            r"(stand|booth|stoisko) (no\.? ?|nr\.? ?|#)?\d+|"
            # "(visited) our stand / booth" (en, de, es, pt, it, fr, nl, da, tr)
            r"(our|unse(ren|rem)|nuestro|nosso|nostro|notre|onze|vores) (stand|booth|stall)|"
            # "(with) a booth / stand at" (is, da/nb, sv, de, nl, pl, cs, sk, fi, pt, es, ru, uk)
            r"(bás|básinn|bod|boden|monter|stoisko|stánek|stánku|stánok|estande|"
            r"стенд\w*|booth|stall|kraam|stand) (á|í|på|auf|bei|op|na|em|no|en|at|"
            r"на|у|в)|"
            r"stand[ıi]m[ıi]z\w*|"
            # an award won at a convention (pt, es, it, en)
            r"premiad[oa]s? (na|no|em)|premiad[oa]s? en|premiat[oa] (al|alla)|awarded at)\b",
            _I,
        ),
    ),
    (
        PHOTOGRAPHER,
        re.compile(
            r"\b(photos?|fotos?|foto['\u2019]s|portretfoto['\u2019]?s|photography|photographer|"
            r"pictures?|shot|images?|video|"
            r"film(ed)?|bilder)(\s+(by|credit|credits|courtesy|von|de|del|dels|do|da|della|"
            r"por|di|door|av|af|przez|od)\b|\s*:)|"
            r"\b(photograph(er|y)|fotograf(in|ie|ia|ía|o|a|i|ías|ias|os|as|ien|en)?|photographe|"
            r"shot by|filmed by)\b|"
            # vi "photographer", "photos:"
            r"\bnhiếp ảnh( gia)?\b|\b[aả]nh\s*:|"
            # sk "photographed by"; sl "photos ... prepared by"; fil "taken by", "photos of"; pl
            # "photo session of the team"
            r"\bnafotil\w*|\bfotografoval\w*|\bfotografije\b[^.!?@]{0,60}\b(pripravil\w*|"
            r"posnel\w*)|\bkuha ni\b|\bmga larawan\b|\bsesja zdj[eę]ciowa\b|"
            # "Portraits: @x", "Kuvat: @x" (fi), "Fotod: @x" (et), "Zdjęcia: @x" (pl)
            r"\b(portraits?|kuvat|kuvaaja|valokuvat?|fotod|zdj[eę]cia|fotoğraflar)"
            r"(\s+(by|credit|credits)\b|\s*:)|"
            # a camera as the label "Photo:" ("📷: @x", "📸 by @x")
            r"[\U0001f4f7\U0001f4f8]\ufe0f?\s*(:|by\b)|"
            # ... or before a label of its own ("📸 Fotografías del estudio: @x")
            r"[\U0001f4f7\U0001f4f8]\ufe0f?[^:@\n]{1,40}:",
            _I,
        ),
    ),
    (
        CREDIT,
        re.compile(
            r"\b((web)?site|web design|website design|designed|built|made|logo|branding) "
            r"(by|from)\b|\bweb ?design(er)?\b|"
            # "site made by" (it, es, fr, pt, de, nl)
            r"\bsito (web )?(realizzato|creato|sviluppato) da\b|"
            r"\bsitio (web )?(creado|hecho|diseñado|desarrollado) por\b|"
            r"\bsite (web )?(réalisé|créé|conçu) par\b|\bsite (criado|feito|desenvolvido) por\b|"
            r"\bwebsite (von|gemaakt door|erstellt von)\b",
            _I,
        ),
    ),
)
# Verbs and framings that say the next account is not a resident: count before only.
_LEAD_ONLY: tuple[tuple[str, re.Pattern[str]], ...] = (
    # a tattoo on someone ("Healed pike on @x", "fresh on @x"), or a piece by an artist for
    # someone ("Pivoine par Clara, pour @x", "Rose by Jana for @x"): a client's account
    (
        CLIENT,
        re.compile(
            r"\b(healed|fresh|freshly done|done|finished|tattooed|piece|sleeve|backpiece|"
            r"verheilt|abgeheilt|cicatris[ée]e?)\b[^.!?@]{0,30}\b(on|auf|sur|su|op)\s*$",
            _I,
        ),
    ),
    (
        CLIENT,
        re.compile(
            r"\b(?i:by|par|von|di|de|door|av|przez|por)\s+[A-Z][^\s,.;:!?@]*[,\s]+"
            r"(?i:pour|for|für|per|para|voor|för|dla)\s*$"
        ),
    ),
    # a quotation's attribution ('"Clean shop, fair prices." - Marcus J. (@x)'): a client
    (
        CLIENT,
        re.compile(
            r"[\"\u201d\u00bb]\s*[-\u2013\u2014]\s*[A-Z\u00c0-\u00de][^\s\"\u201c\u201d!?@]*"
            r"(\s+[^\s\"\u201c\u201d!?@]+){0,3}\s*\(?\s*$"
        ),
    ),
    (
        THANKS,
        re.compile(
            r"\b(thanks|thank you|big thanks|shout[\s-]?outs?|credits?|cheers to|"
            r"friends of the (studio|shop)|(our )?friends (at|from|over at)|danke|merci|gracias|"
            r"grazie|obrigad[oa]|big love to|love to|"
            # "thanks" (sr/hr/bs, nb/da/sv, tr, pl, cs, hu, fi, et, ro, uk, ru)
            r"hvala|хвала|zahvaljujemo|takk|tusen takk|tak til|tack till|teşekkürler|"
            r"dziękujemy|děkujeme|köszönjük|kiitos|aitäh|mulțumim|дякуємо|спасибо|благодарим|"
            # nl, pl, kk, eu, cy, el
            r"bedankt|dzięki|рақмет|рахмет|eskerrik asko|diolch|ευχαριστούμε)\b",
            _I,
        ),
    ),
    (STAFF, re.compile(r"\bdj\W*$", _I)),  # "with DJ @x": who plays the music
    # a photo credit without a colon: "Foto dello studio di @x", "Naše studio, foto @x"
    (
        PHOTOGRAPHER,
        re.compile(
            r"\b(fotos?|photos?|fotky|fotografie|video)\b[^.!?@:]{0,30}"
            r"\b(di|de|by|von|od|por|par|van|av|af|від|от|do)\W*$|\b(fotos?|photos?|fotky)\W*$|"
            # "Фото команди — @x", "Φωτογραφίες ομάδας: @x", "Fotók: @x": a label, then the account
            r"\b(фото\w*|φωτογραφ\w*|fotó\w*|fotografie|valokuv\w*)\b[^.!?@]{0,25}[:\u2014\u2013-]\s*$",
            _I,
        ),
    ),
    # where a former artist went ("is now at @x", "ist jetzt bei @x", "ahora está en @x")
    (
        OTHER_STUDIO,
        re.compile(
            r"\b((is|are) now|now) (at|with|based at|working at|tattooing at)\W*$|"
            r"\bist jetzt (bei|im)\W*$|\best maintenant (chez|à|au)\W*$|"
            r"\bwerkt (nu|sinds [^.!?@]{1,20}) (bij|in)\W*$|"
            r"\barbeitet (jetzt|seit [^.!?@]{1,20}) (bei|im)\W*$|"
            r"\bahora (est[aá]|trabaja|tat[uú]a) en\W*$|\bora (è|lavora|tatua) (da|a|al)\W*$|"
            # where someone learned: another shop ("trained at @x", "apprenticed at")
            r"\b(trained|apprenticed|learned|learnt) (at|under|with)\W*$|"
            # "did his apprenticeship at", "spent six years at", "usually at", "also guests
            # regularly at", fr "made her start at (our friends of)"
            r"\bapprenticeship (at|with|under)\W*$|\bspent (\w+ ){1,3}(years?|months?) at\W*$|"
            r"\b(usually|regularly|normally|mostly) (at|tattoos at|works at)\W*$|"
            r"\bguests? (\w+ )?at\W*$|\bd[ée]buts chez\b[^.!?@]{0,25}$|"
            # "worked (for years) at" in nb/da/sv; "joined the team of" (fr, en)
            r"\b(jobbet|jobbede|jobbade|arbeidet|arbejdede|arbetade)\b[^.!?@]{0,40}\b(hos|på)\W*$|"
            r"\ba rejoint l['\u2019]équipe (d['\u2019]|de |du )\W*$|\bjoined the team (at|of)\W*$",
            _I,
        ),
    ),
    # a shop product's maker ("Printed in Leith by @x"), not the artist who drew it
    (
        CREDIT,
        re.compile(
            r"\b(printed|screen[\s-]?printed|risographed|bound|framed)( (in|at) [^.!?@]{1,30})? "
            r"by\W*$",
            _I,
        ),
    ),
    # "see you in March at @x!": where the studio will be, not who works there
    (
        CONVENTION,
        re.compile(
            r"\b(see you|nos vemos|on se voit|wir sehen uns|ci vediamo|vemo-nos|"
            r"widzimy si[eę]|tot ziens|побачимо?ся|побачимось|увидимся|до зустрічі)\b[^.!?@]{0,30}"
            r"\b(at|en|in|à|au|auf|bei|a|al|na|op|em|no|на|у|в)\W*$",
            _I,
        ),
    ),
    # a product's measure right before it ("home with a tin of @x"): a brand, not a person
    (
        SUPPLIER,
        re.compile(
            r"\b(a|one|every|each|free) (tin|tube|jar|pot|bottle|sachet|pack|can) of\W*$|"
            r"\baftercare\s*:",
            _I,
        ),
    ),
    # who printed the merch ("printed locally by", "estampado por", "gedruckt von"): a print
    # shop, not a tattooer
    (
        SUPPLIER,
        re.compile(
            r"\b(printed|screen[- ]?printed|estampad[oa]s?|impress[oa]s?|impres[oa]s?|"
            r"imprimée?s?|gedruckt|bedruckt|stampat[oa]|tryckt|trykt|painettu|"
            r"nadrukowan[eay])\b[^.!?@]{0,20}\b(by|por|par|von|bei|da|av|af|hos|przez)\W*$",
            _I,
        ),
    ),
    # a product the studio sells ("we ... sell Hustle Butter (@x) at the counter")
    (
        SUPPLIER,
        re.compile(r"\bwe\b[^.!?@]{0,60}\b(sell|stock|carry|retail)\b[^.!?@]{0,30}\W*$", _I),
    ),
    # "inks" (ro, uk, ru) right before the account: in a bio the same words are a style
    (SUPPLIER, re.compile(r"\b(cerneluri|cerneală|чорнила|фарби|фарбах|краски)\W*$", _I)),
    # a share of the takings given ("10% of every session in December goes to the fund @x",
    # "A bevétel 10%-át a @x kapja"): a charity, in any language; a discount is not one
    (
        ORGANISATION,
        re.compile(
            r"\d{1,3}\s?%(?!\s*(off|discount|rabatt?|popust|sleva|indirim|giảm|zni[żz]ki|"
            r"korting|descuento|desconto|sconto|alennus))[^.!?@]{0,80}$",
            _I,
        ),
    ),
    # "all our ink is from @x" (en, tl, es, pt, fr, it, de): where the inks come from
    (
        SUPPLIER,
        re.compile(
            r"\b(inks?|tintas?|encres?|inchiostri|farben|blekk|blæk|bläck|muste\w*)\b[^.!?@]{0,30}"
            r"\b(from|mula sa|de|da|di|du|des|von|aus|fra|från|frå)\W*(@[\w.]+\W+(\w{1,3}\W*)?)*$",
            _I,
        ),
    ),
    # "colours" (de, it, da, sv, no, cs, fi) name an ink brand only as its label or with
    # "from" ("Farben: @x", "farver fra @x"); in a bio they are a style ("satte Farben")
    (
        SUPPLIER,
        re.compile(
            # (a label is written on the account's own line, or ends in a colon: a style line
            # above an account, "Neotradisjonell · farger", labels nothing, nor a style before
            # the artist's account in brackets, "i farver (@x)")
            r"\b(farben|colori|farver|f[aä]rger|farger|barvy|barvami|värit)"
            r"(\s+(von|aus|di|da|fra|från|od|z|by|from|der marke))?"
            r"([^\w.!?\n(\[\uff08]*|\s*[:\uff1a]\s*)\Z|"
            # needles and cartridges "from" a brand, in the languages of the colours above
            r"\b(nadeln|nadelmodul\w*|kartuschen|agujas|cartuchos|aiguilles|aghi|agulhas|"
            r"naalden|ig[lł]y|n[aå]le)\s+(von|aus|de|di|da|van|od|z|fra|från|from|by)\W*$",
            _I,
        ),
    ),
    (
        STUDIO,
        re.compile(
            r"\b(follow us|follow the (studio|shop)|our instagram|studio'?s instagram|"
            r"tag us|the studio on instagram|studio account|shop account|"
            # "follow us / the studio" (fr, es, pt, it, de, nl)
            r"suivez[\s-]nous|suivez (le studio|le salon|la boutique)|s[ií]guenos|"
            r"sigue (al|el) estudio|siga-nos|sigam-nos|seguici|seguite (lo studio|il negozio)|"
            r"folgt uns|folgen sie uns|folgt dem studio|volg ons|volg de studio)\b",
            _I,
        ),
    ),
)
# Looser words that only a heading, class name or short label may use ("Former", "Past").
_LABEL_WORDS: tuple[tuple[str, re.Pattern[str]], ...] = (
    # Clients quoted in a section of reviews ("What our clients say", pt, es, fr, de, it)
    (
        CLIENT,
        re.compile(
            r"\b(testimonials?|reviews|what (our )?(clients|customers) say|"
            r"(nossos|nuestros|nos|unsere|i nostri) (clientes|clients|kunden|clienti)|"
            r"depoimentos|testimonios|rese[ñn]as|avis (clients|de nos clients)|"
            r"kundenstimmen|bewertungen|recensioni|opinie klient[oó]w|"
            # es/pt/it "opinions", nl "reviews", pl/cs "reviews", tr "comments"
            r"opiniones|opiniões|opinioni|recensies|recenzje|recenze|yorumlar)\b",
            _I,
        ),
    ),
    (
        FORMER,
        re.compile(
            r"\b(former|formerly|ex|past|previous|previously|alumni|gone|ehemalig(e[nr]?)?|anciens?|"
            r"antiguos?|antigos?|anteriores|ex-?membres?|vroegere|voormalige|oud-\w+|"
            r"tidligere|tidigare|bývalí|sluttet|"
            r"precedenti|passati|byli|byłe|dawni|dawne|stopped|gestopt|vertrokken|aufgehört|"
            r"bivši|bivše|korábbi|egykori|πρώην|cũ|foști|foste|fostă|колишні|бывшие|לשעבר|"
            r"бивши|бивше|бивша|бивши|bijušie|bijušais|buvę|endised|"
            r"entiset|aiemmat)\b",
            _I,
        ),
    ),
    (FORMER, re.compile(r"元スタッフ|過去の|卒業|이전|지난|पुराने साथी|पूर्व")),
    (
        SUPPLIER,
        re.compile(
            r"\b(machines|suppliers?|sponsors?|partners?|brands?|parceiros?|partner|"
            r"fornitori|proveedores|leveranciers|dostawcy|stockists?)\b",
            _I,
        ),
    ),
    (THANKS, re.compile(r"\b(thanks|friends|credits)\b", _I)),
    # A section of where the artists travel to lists events ("On the road", "Tour dates"); in
    # a bio the same words are a life story ("ten years on the road").
    (
        CONVENTION,
        re.compile(
            r"\b(on the road|on tour|tour dates|where (we['\u2019]ll|we will) be|"
            r"away from the (shop|studio))\b",
            _I,
        ),
    ),
    # People a studio lists who keep its front desk (an owner who manages still tattoos).
    (
        STAFF,
        re.compile(
            r"\b(reception(ist)?|front[\s-]?desk|front[\s-]of[\s-]house|"
            r"(studio|shop|office) manager|"
            r"recepci[oó]n|"
            r"recepcionista|accueil|empfang|rezeption|receptie|receptionist(in|e)?|"
            # a section of the people behind the artists ("Behind the scenes", ms, fr, de, es)
            r"behind the scenes|di belakang tabir|en coulisses|hinter den kulissen|"
            r"detr[aá]s de (c[aá]maras|escena)|dietro le quinte|nos bastidores|"
            r"piercers?|piercerin|receptionen|resepsjon|piercing|пірсинг|пирсинг|perceu(r|se)s?|"
            # who runs the laser room ("Laser removal" as a card's role)
            r"laser( removal)?)\b",
            _I,
        ),
    ),
    (
        GUEST_ENDED,
        re.compile(
            # (a word after it is a phrase's, "done properly", "over the moon", not a state)
            r"\b((finished|ended|over|done)(?!\s+[^\W\d_])|vorbei|terminad[oa]|termin[ée]e?|"
            r"afgelopen|"
            r"geweest|zakończon[ye]|finito|concluso|terminou|encerrad[oa]|"
            # a guest log's heading in the past tense ("Who's sat in it", "Who's been")
            r"who['\u2019]?s (sat|been|visited|guested)|who (has|have) (sat|been|visited)|"
            r"(have|has) (visited|guested)|"
            # a guest list's heading for the months behind ("Earlier this year")
            r"earlier (this|in the) (year|season))\b",
            _I,
        ),
    ),
)
SHORT_LABEL_CHARS = 32

# Networks whose accounts studios list beside Instagram ("TikTok: @x · IG: @y"). Threads
# accounts are Instagram accounts, so Threads is not among them.
_OTHER_NETWORK = re.compile(
    r"(?:^|[^\w@.])(tik ?tok|youtube|yt|twitter|x|facebook|fb|pinterest|snapchat|snap|"
    r"twitch|bluesky|bsky|tumblr|behance|telegram|whatsapp|vk|xiaohongshu|weibo|douyin|"
    r"threads|instagram|insta|ig)\W*$",
    re.I,
)
_INSTAGRAM_WORDS = re.compile(r"\b(instagram|insta|ig|threads)\b", re.I)
# Instagram named in the same label as the other network: "Instagram & TikTok: @x", "IG /
# TikTok", not a clause before it ("não usa Instagram — … no TikTok: @x").
_INSTAGRAM_JOINED = re.compile(
    r"\b(instagram|insta|ig|threads)\s*(?:[&/+,]|\band\b|\be\b|\by\b|\bet\b|\bund\b|\ben\b|"
    r"\bog\b|\boch\b|\bi\b|\bve\b|\bja\b|\ba\b|\bи\b|\bта\b)?\s*(?:\w+\s*)?$",
    re.I,
)


def _first(patterns: tuple[tuple[str, re.Pattern[str]], ...], text: str) -> str | None:
    for reason, pattern in patterns:
        if pattern.search(text):
            return reason
    return None


def _strong(text: str) -> str | None:
    """The reason a strong phrase of `text` gives, but not a guest spot that is over when the
    dates beside it are all still to come ("coming over for a guest spot, 9-13 February
    2027": the words of a thank-you, the dates of a booking)."""
    reason = _first(_STRONG, text)
    return None if reason == GUEST_ENDED and dates.to_come(text) else reason


# A guest's stay or visit, in the languages studios write ("guest spot", "visit", nb
# "besøk", de "Besuch", it "ospite", es/pt "invitado/convidado", hu "vendég", pl "gość").
_VISIT = re.compile(
    r"\b(guest\w*|visit\w*|besøk\w*|besök\w*|besuch\w*|bezoek\w*|gast\w*|gäst\w*|gæst\w*|"
    r"gjest\w*|invitad\w*|invitat\w*|ospit\w*|convidad\w*|vendég\w*|vierai\w*|goś\w*|"
    r"misafir\w*|hosted|kedatangan|berkunjung|convidat\w*|hosť\w*|hostuj\w*|vizit\w*|"
    r"ne-a vizitat)\b",
    _I,
)


def _visit_over(sentence: str) -> bool:
    """Whether a sentence tells of a visit in months that are over ("Marco was here in
    October - thanks mate!", "I oktober hadde jeg besøk av ...", "Big up Dre for the
    November guest spot"), whatever words it thanks in."""
    return _VISIT.search(sentence) is not None and dates.named_months_over(sentence)


def reason_in_lead(text: str) -> str | None:
    """Why the account right after `text` is not an artist, or None."""
    if not text:
        return None
    found = _strong(text) or _first(_NOUNS, text) or _first(_LEAD_ONLY, text)
    # The account's own sentence: the last of the words before it.
    if found is None and _visit_over(re.split(r"(?<=[.!?])\s+", text.strip())[-1]):
        return GUEST_ENDED
    return found


# A product noun right after an account names a brand: "@inkjecta machines", "@x inks".
_PRODUCT_AFTER = re.compile(
    r"^\W*(tattoo )?(machines?|inks?|needles?|cartridges?|grips?|power suppl(y|ies)|supplies|"
    r"colou?rs?|pigments?|aftercare|balm)\b",
    re.I,
)


def network_in_lead(text: str) -> str | None:
    """Why the account right after `text` is not an Instagram account: the network named
    right before it ("TikTok: @x", "YouTube - @x") is another one, and the same label does
    not name Instagram too ("Instagram & TikTok: @x" is both). None otherwise."""
    # The label's own words: after the last line break, sentence end or other account.
    line = re.split(r"[\n!?;,|\u2022\u00b7]|\.\s|@[\w.]+|instagram\.com/\S*", text)[-1]
    found = _OTHER_NETWORK.search(line)
    if found is None or _INSTAGRAM_WORDS.fullmatch(found.group(1)):
        return None
    if found.group(1).lower() == "x" and not re.search("[:\uff1a]", line[found.end(1) :]):
        return None  # a lone "x" is a letter unless it labels ("X: @x", "X\uff1a@x")
    if _INSTAGRAM_JOINED.search(line[: found.start(1)]):
        return None
    return OTHER_PLATFORM


def network_in_header(header: str) -> str | None:
    """Why an "@x" in a table column headed `header` ("X", "VK", "Twitter / X") is not an
    Instagram account: the header names another network and not Instagram. None otherwise."""
    return network_in_lead(f"{header}:") if header else None


# Thanks that end the account's sentence, as verb-final languages say it ("@x командасына
# рақмет!", "@x ekibine teşekkürler"): the account is thanked.
_THANKS_AT_END = re.compile(
    r"\b(thanks|thank you|danke|merci|gracias|grazie|obrigad[oa]|bedankt|dziękujemy|спасибо|"
    r"благодарим|дякуємо|рақмет|рахмет|teşekkürler|teşekkür ederiz|kiitos|köszönjük|hvala|"
    r"ευχαριστούμε|ありがとう(ございます)?|감사합니다)\W*$",
    re.I,
)


def reason_in_trail(text: str) -> str | None:
    """Why the account right before `text` is not an artist (nouns only), or None."""
    if not text:
        return None
    if _PRODUCT_AFTER.match(text):
        return SUPPLIER
    found = _strong(text) or _first(_NOUNS, text)
    if found is None and dates.ended(text):
        return GUEST_ENDED  # "Jonah Reed (@jonah), 6-18 October 2026 ·": the entry's dates
    return found or (THANKS if _THANKS_AT_END.search(text) else None)


def reason_in_label(text: str) -> str | None:
    """Why the people of a section (its heading, class or id words) or of a short block
    label are not artists, or None."""
    if not text:
        return None
    found = reason_in_lead(f"{text}\n")  # a whole line: it labels what follows only by a colon
    if found is None and dates.ended(text):
        return GUEST_ENDED  # "2 - 8 Nov 2026": a guest spot that is over
    if found is not None or len(text) > SHORT_LABEL_CHARS:
        return found
    found = _first(_LABEL_WORDS, text)
    if found == STAFF and _TATTOO_WORDS.search(text):
        return None  # "Tattoo & piercing": a tattooist who pierces too
    return found


_TATTOO_WORDS = re.compile(
    r"tat[tu]|tatou|t[aä]tow|tetov|тату|קעקוע|刺青|纹身|紋身|타투|文身", re.I
)


# Class, id and role words that name a section of people who are not the studio's artists.
_SECTION_WORDS: dict[str, str] = {
    **dict.fromkeys(("former", "alumni", "past", "previous", "ex", "gone", "retired"), FORMER),
    **dict.fromkeys(
        ("suppliers", "supplier", "sponsors", "sponsor", "partners", "brands"), SUPPLIER
    ),
    **dict.fromkeys(("anciens", "ehemalige", "antiguos", "alumnae", "antic", "antics"), FORMER),
    # Not "media" or "featured": markup says those of anything (instagram-media, featured-image).
    **dict.fromkeys(("press", "presse", "prensa", "stampa"), PRESS),
    **dict.fromkeys(("thanks", "credits"), THANKS),
    **dict.fromkeys(("conventions", "convention"), CONVENTION),
    **dict.fromkeys(("testimonials", "testimonial", "reviews", "depoimentos"), CLIENT),
}


def reason_in_words(words: tuple[str, ...]) -> str | None:
    """Why the people of an element whose class/id/role words are `words` are not artists
    (class="former-artists", id="press"): whole words only, markup is full of others."""
    for word in words:
        if word in _SECTION_WORDS:
            return _SECTION_WORDS[word]
    return None


# What an account's own name says it is ("edinburghtattooconvention", "photo.kenji").
_HANDLE_SEGMENTS: dict[str, str] = {
    **dict.fromkeys(("convention", "expo", "fest", "festival", "konwent"), CONVENTION),
    **dict.fromkeys(("magazine", "mag", "zine"), PRESS),
    **dict.fromkeys(
        ("supplies", "supply", "supplier", "equipment", "aftercare", "balm", "pigments", "inkco"),
        SUPPLIER,
    ),
    **dict.fromkeys(
        (
            "photo",
            "photos",
            "photography",
            "photographer",
            "foto",
            "fotka",
            "fotky",
            "lens",
            "lenses",
            "films",
            "film",
            "visuals",
            "shots",
            "captures",
            "fotografuje",
            "fotograf",
            "fotograaf",
            "fotografo",
            "fotografa",
            "photograph",
        ),
        PHOTOGRAPHER,
    ),
    **dict.fromkeys(("manager", "reception", "frontdesk"), STAFF),
    # the shop's dog or cat ("biscuit.the.shopdog"): no one who tattoos
    **dict.fromkeys(("shopdog", "studiodog", "shopcat", "studiocat", "dog", "cat"), STAFF),
    # an animal shelter's account, as shelters name themselves
    **dict.fromkeys(
        (
            "shelter",
            "rescue",
            "schronisko",
            "prihvatiliste",
            "tierheim",
            "refugio",
            "utulok",
            "utulek",
            "menhely",
            "azyl",
            "canil",
            "dyrehjem",
        ),
        ORGANISATION,
    ),
    **dict.fromkeys(
        ("piercing", "piercings", "pierces", "pierced", "piercer", "perce", "perceuse"), STAFF
    ),
    # a charity's or association's legal form ("lesroseaux.asbl", "hoop_vzw", "x.ngo")
    **dict.fromkeys(
        ("asbl", "vzw", "ngo", "ong", "onlus", "charity", "foundation", "stichting", "fundacja"),
        ORGANISATION,
    ),
    # a bot (Telegram's must end in "bot") answers for the studio: it is no person
    **dict.fromkeys(("bot",), STUDIO),
}
_HANDLE_WORDS = re.compile(
    r"(convention|festival|konwent|magazine|supplies|photography|equipment|aftercare|"
    # an aftercare balm's brand ("inkmasterbalm.my"); a photographer's ("ola.fotografuje")
    r"(?<=\w)balm\b|^fotograf|^photograph|(?<=[a-z])(foto|photo)s?\b|"
    # a piercer's account ("kerrypierces", "piercingbyana"): pierces, not tattoos
    # ... and a piercing shop's ("thepiercingparlourcork")
    r"(?<=\w)pierc(es|ing|er)(?=\d*$|parlou?r|studio|lounge|boutique)|^piercing(?=by|studio|shop|parlou?r|lounge)|"
    r"(?<=\w)(inkco|pigments)\b|"
    r"(?:(?<=tattoo)|(?<=ink))(expo|fest))"
)


# The trade's own brands (inks, aftercare, needles and machines) and its press: studios name
# them in every language and never translate them, so the account itself says what it is.
_TRADE_ACCOUNTS: dict[str, str] = {
    **dict.fromkeys(
        (
            # inks
            "eternalink", "eternal.ink", "eternaltattooink", "intenze", "intenzeink",
            "intenzetattooink", "intenzeproducts", "worldfamousink", "worldfamoustattooink",
            "dynamiccolor", "dynamiccolors", "dynamictattooink", "kurosumi", "kurosumiink",
            "kurosumitattooink", "solidink", "solidinkofficial", "fusioninks", "fusiontattooink",
            "radiantcolorsink", "radiantcolors", "pantheraink", "killerink", "killerinktattoo",
            "starbritecolors", "skincandyink", "silverbackink", "silverbackinkofficial",
            "allaprimaink", "empireinks", "nocturnalink", "quantumtattooink", "vikinginkusa",
            "mommasmillennium", "electricink", "electricinkbrasil", "ironworkstattooink",
            "xtremeink", "sol.ink", "bloodline.ink", "bloodlinetattooink",
            # aftercare
            "hustlebutter", "hustlebutterdeluxe", "tattoogoo", "tattoomed", "tattoomed_official",
            "saniderm", "sanidermmedical", "suprasorb", "dermalize", "dermalizepro",
            "madrabbit", "madrabbittattoo", "inkeeze", "bepanthen", "aquaphor", "easytattoo",
            "afterinked", "viking_ink", "tattoo_goo",
            # machines, needles, cartridges
            "cheyennetattoo", "cheyenne_tattoo", "cheyennetattooequipment", "fkirons",
            "bishoprotary", "inkjecta", "stigmarotary", "criticaltattoo", "kwadron",
            "kwadroncartridges", "sunskintattoo", "peakneedles", "emalla", "emalla_official",
            "emallacartridges",
            "dragonhawk", "dragonhawktattoo", "mastortattoo", "elitetattoosupply",
            "electrumsupply", "kingpintattoosupply", "painfulpleasures",
        ),
        SUPPLIER,
    ),
    **dict.fromkeys(
        (
            "tattoolife", "tattoolifemagazine", "inkedmag", "inked", "tattooartistmagazine",
            "tattooenergy", "tattooistartmag", "tattoorevue", "tattooermagazine",
            "tattoosociety", "skindeep_mag", "skindeepmag", "totaltattoomagazine", "totaltattoomag",
            "tatowiermagazin", "tattoomag",
        ),
        PRESS,
    ),
}  # fmt: skip


def reason_in_handle(handle: str) -> str | None:
    """Why an account is not an artist's, by the words of its own name, or None."""
    if handle in _TRADE_ACCOUNTS:
        return _TRADE_ACCOUNTS[handle]
    for segment in re.split(r"[._]+", handle):
        if segment in _HANDLE_SEGMENTS:
            return _HANDLE_SEGMENTS[segment]
    found = _HANDLE_WORDS.search(handle)
    if found and found.group(1).startswith("pierc") and _TATTOO_WORDS.search(handle):
        return None  # "inkandpiercing.tattoo": a tattooist who pierces too
    # "malaysiatattooexpo", "icelandtattoofest"
    return _HANDLE_SEGMENTS.get(found.group(1)) if found else None


# Words that say an account tattoos at the studio now, as a post's caption announces it.
_WORKS_HERE = re.compile(
    r"\b(our )?(newest|new) (resident|artist|tattooer|tattooist|member of the (crew|team))\b|"
    r"\bjoined (the|our) (crew|team|studio|shop|family)\b|\b(is|are) with us\b|"
    r"\bguest spot alert\b|\bwelcome (to the (crew|team)|our new)\b|\bnow (tattooing|booking) "
    r"(here|with us|at the (shop|studio))\b",
    _I,
)


def works_here(text: str) -> bool:
    """Whether `text` (a post's caption around an account) says the account tattoos at the
    studio now: a resident who joined, a guest who is with us. Dates that are over and
    farewells are judged before this (`reason_in_bio`)."""
    return bool(text) and _WORKS_HERE.search(text) is not None and reason_in_bio(text) is None


ENTRY_CHARS = 100  # an entry of a list ("DONE: Bryce Tan (Singapore) - Oct 2026 - @x"), no bio
# A month a person started in ("resident since March 2024", "se sumó en marzo de 2024"): a
# start, not a stay that is over.
_SINCE = re.compile(
    r"\b(joined|started|opened|founded|began|arrived|moved here|se sum[oó]|se uni[oó]|entrou|"
    # fr/it/es/pt/de/nl "arrived", "joined us"
    r"arrivée?|a rejoint|rejoint|arrivat[oa]|lleg[oó]|chegou|ist seit|kam|gekommen|kwam)\b|"
    # "since" in the languages that also say "from" with it ("desde Rosario"): before a date
    r"\b(since|seit|desde|depuis|dal|dalla|sinds|sedan|siden|od|"
    # ro "din", "de la", el "από", id/ms "sejak", vi "từ"
    r"din|de la|από|sejak|từ)\b[^.!?\n]{0,20}?\d|"
    # ... or after it: hu "óta", fi "alkaen"/"lähtien", tr "beri"/"itibaren", ja, ko
    r"\d[^.!?\n]{0,20}?(\b(óta|alkaen|lähtien|beri|itibaren)\b|から|以来|부터)|"
    # "the newest member", ro "cel mai nou membru", "newest": someone who joined
    r"\b(newest|cel mai nou|neuester?|nieuwste|nuevo miembro|nouvel(le)? arrivée?)\b",
    _I,
)


def reason_in_entry(text: str) -> str | None:
    """Why the person of a short entry in a list is not at the studio: the months it gives
    as its time are over ("Sept 2026 - Hale Fontaine - done"), or None."""
    if not text or len(text) > ENTRY_CHARS or _SINCE.search(text):
        return None
    return GUEST_ENDED if dates.months_over(text) else None


def reason_in_bio(text: str) -> str | None:
    """Why a long block of text about one person says they are not at the studio (strong
    phrases only, or dates of a guest spot that is over), or None."""
    if not text:
        return None
    ended = dates.ended(text) or any(_visit_over(s) for s in re.split(r"(?<=[.!?])\s+", text))
    return _strong(text) or (GUEST_ENDED if ended else None)


_WEB_WORDS = frozenset(
    [
        "www",
        "com",
        "net",
        "org",
        "co",
        "uk",
        "de",
        "fr",
        "es",
        "it",
        "nl",
        "ie",
        "au",
        "nz",
        "ca",
        "us",
        "io",
        "app",
        "site",
        "shop",
        "studio",
        "html",
    ]
)
_GENERIC_END = re.compile(
    r"(tattoos|tattooing|tattoo|studios|studio|inks|ink|parlour|parlor|collective|gallery|"
    r"official|shop|club|co|ltd|hq)$"
)
_GENERIC_START = re.compile(r"^(the|www|official)")


# Letters an account spells without a mark, that no decomposition gives ("Đà Nẵng").
_PLAIN = str.maketrans({"đ": "d", "ø": "o", "æ": "ae", "ß": "ss", "ł": "l", "ı": "i", "œ": "oe"})


def _latin(text: str) -> str:
    """`text` in lower case without accents, as an account spells a name ("Hải Âu" "haiau")."""
    decomposed = unicodedata.normalize("NFKD", text.lower().translate(_PLAIN))
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def squash(text: str) -> str:
    """Letters and digits only, lowercase, without web words and generic studio words at
    either end: what a studio's handle, host and name share ("blackrose_tattoo",
    "www.blackrosetattoo.co.uk", "Black Rose Tattoo" all give "blackrose")."""
    words = re.sub(r"[^a-z0-9]+", " ", _latin(text)).split()
    joined = "".join(w for w in words if w not in _WEB_WORDS)
    while True:
        shorter = _GENERIC_START.sub("", _GENERIC_END.sub("", joined))
        if shorter == joined or len(shorter) < 3:
            return joined
        joined = shorter


def _spellings(text: str) -> set[str]:
    """`squash(text)`, and its letters with only generic words dropped: a web word can be part
    of the name ("De Inktvis" is not the .de of a host); a name's "&" or "+" spelled "and" too,
    as its account does ("Brick & Needle": "brickandneedlemke")."""
    found: set[str] = set()
    for spelled in {text, re.sub(r"\s*[&+]\s*", " and ", text)}:
        letters = re.sub(r"[^a-z0-9]+", "", _latin(spelled))
        while True:
            shorter = _GENERIC_START.sub("", _GENERIC_END.sub("", letters))
            if shorter == letters or len(shorter) < 3:
                break
            letters = shorter
        found |= {s for s in (squash(spelled), letters) if len(s) >= 3}
    return found


# A town's short code after a studio's handle: "lantattoo.tpe", "northshore_nyc".
_TOWN_SUFFIX = re.compile(r"[._][a-z]{2,4}$")


def is_studio_handle(handle: str, studio_names: list[str]) -> bool:
    """Whether `handle` is the studio's own account: it spells the studio's host or name,
    with or without a town's short code after it."""
    spelled = _spellings(handle)
    town = _TOWN_SUFFIX.search(handle)
    if town:
        spelled |= _spellings(_TOWN_SUFFIX.sub("", handle))
        # "ombakink.dps" for "Ombak Ink Denpasar": the name's first letters, then its town's
        # short code read in order in the rest of it ("dps" in "denpasar")
        base = re.sub(r"[^a-z0-9]+", "", _TOWN_SUFFIX.sub("", handle).lower())
        code = town.group(0)[1:].lower()
        for name in studio_names:
            letters = re.sub(r"[^a-z0-9]+", "", (name or "").lower())
            if (
                len(base) >= 5
                and letters.startswith(base)
                and _in_order(code, letters[len(base) :])
            ):
                return True
    for mine in spelled:
        for name in studio_names:
            for theirs in _spellings(name) if name else ():
                # "tintanegra.madrid", "copperneedlecardiff": the studio's name and its town.
                shorter, longer = sorted((mine, theirs), key=len)
                if mine == theirs or (len(shorter) >= 6 and longer.startswith(shorter)):
                    return True
                # "kurumi_tattoo_nagano" beside "kurumi-tattoo-matsumoto": the studio's name,
                # its trade's word, then another town: the same studio's other shop
                shared = _shared_start(mine, theirs)
                if len(shared) >= 7 and _TRADE_END.search(shared) and len(mine) > len(shared):
                    return True
    return False


def is_studio_name(name: str, studio_names: list[str]) -> bool:
    """Whether `name` is the studio's own name: it spells the studio's host or name as an
    account would (`is_studio_handle`), or, in any script, is its first words ("Κόκκινο Φίδι"
    of "Κόκκινο Φίδι Tattoo", a brand in a header beside a person's page's heading)."""
    if is_studio_handle(name, studio_names):
        return True
    words = name.casefold().split()
    for studio in studio_names:
        theirs = (studio or "").casefold().split()
        if words and theirs[: len(words)] == words and (len(words) >= 2 or theirs == words):
            return True
    return False


# A shop named where someone works, trained or visits ("an apprentice at Ink Republic in
# Bugis (@inkrepublic_sg)", "guesting at Seven Seas Tattoo in Kuala Lumpur (sevenseas_tattoo_kl)"):
# "at" and a run of capitalised words, one of them the trade's.
_AT_A_SHOP = re.compile(
    r"\b(?:at|bei|chez|presso|hos|på|op|w|u|na)\s+((?:[A-Z][\w'&.-]*\s+){0,3}?"
    r"(?:Tattoo|Tattoos|Ink|Studio|Tattoo Studio|Tatuajes|Tattoos|Tatouage|Tätowierung|Tatuaggi)"
    r"(?:\s+[A-Z][\w'-]*){0,3})"
)


def names_the_shop_before(handle: str, lead: str) -> bool:
    """Whether `handle` spells the shop the words right before it say someone is at (the
    studio's own name is told apart before this: `is_studio_handle`)."""
    return any(is_studio_handle(handle, [m.group(1)]) for m in _AT_A_SHOP.finditer(lead[-120:]))


def _shared_start(a: str, b: str) -> str:
    """The letters `a` and `b` start with alike."""
    n = 0
    while n < min(len(a), len(b)) and a[n] == b[n]:
        n += 1
    return a[:n]


_TRADE_END = re.compile(r"(tattoo|tattoos|tatuajes?|tatouage|tatuagem|tattoostudio|ink)$")


def _in_order(code: str, text: str) -> bool:
    """Whether the letters of `code` occur in `text` in order, the first one first ("dps" in
    "denpasar", "tpe" in "taipei")."""
    if not code or not text.startswith(code[0]):
        return False
    rest = iter(text)
    return all(letter in rest for letter in code)
